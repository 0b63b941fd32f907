import { defineConfig } from 'vitest/config';

// Four projects, run by scripts/test.mjs in this order:
// - unit: pure code and components (Node, happy-dom where a file asks for it);
// - emulator: Firestore rules, the data layer and the peer-server against the Auth/Firestore emulators;
// - e2e: the built extension in Chromium (playwright-core), with the emulators and a real peer-server;
// - firefox: the Firefox build in Debian's firefox-esr over WebDriver BiDi (puppeteer-core), a Chromium reader beside it.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: [
            'shared/**/*.test.ts',
            'extension/**/*.test.{ts,tsx}',
            'web/**/*.test.{ts,tsx}',
            'peer-server/**/*.test.ts',
            'scripts/**/*.test.ts',
          ],
          exclude: ['**/*.emu.test.ts', '**/node_modules/**'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'emulator',
          include: ['firebase/**/*.test.ts', '**/*.emu.test.ts'],
          exclude: ['**/node_modules/**'],
          environment: 'node',
          setupFiles: ['./firebase/tests/require-emulators.ts'],
          fileParallelism: false,
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['e2e/**/*.e2e.ts'],
          // One retry, for what a loaded 2-core machine does to timing (a peer-server restart, a WebRTC
          // connection); a test that fails twice fails the run.
          retry: 1,
          environment: 'node',
          setupFiles: ['./firebase/tests/require-emulators.ts'],
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'firefox',
          include: ['e2e/firefox/**/*.firefox.ts'],
          environment: 'node',
          setupFiles: ['./firebase/tests/require-emulators.ts'],
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
