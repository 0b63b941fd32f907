// Emulator-backed tests must run inside the local emulators (scripts/test.mjs starts them): fail loudly
// rather than skip, so a green run always means the rules were really exercised.
for (const name of ['FIRESTORE_EMULATOR_HOST', 'FIREBASE_AUTH_EMULATOR_HOST'] as const) {
  if (!process.env[name]) {
    throw new Error(
      `${name} is not set: run these tests with \`npm test\` or \`npm run test:emulators\`, which start the emulators.`,
    );
  }
}
