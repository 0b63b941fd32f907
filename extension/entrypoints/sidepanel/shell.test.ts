import { join, resolve } from 'node:path';
import { build, type Metafile } from 'esbuild';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..', '..', '..');
const HEAVY = /node_modules\/(firebase|@firebase|peerjs|peerjs-js-binarypack)\//;

/** The side panel bundled with code splitting, as the build does: which inputs each output chunk holds. */
async function panelChunks(): Promise<{ shell: string[]; all: string[] }> {
  const result = await build({
    entryPoints: [join(ROOT, 'extension', 'entrypoints', 'sidepanel', 'main.tsx')],
    bundle: true,
    splitting: true,
    format: 'esm',
    outdir: join(ROOT, '.output', 'shell-test'),
    write: false,
    metafile: true,
    jsx: 'automatic',
    jsxImportSource: 'preact',
    loader: { '.css': 'empty', '.svg': 'empty', '.png': 'empty' },
    logLevel: 'silent',
  });
  const outputs: Metafile['outputs'] = result.metafile.outputs;
  const entry = Object.keys(outputs).find((name) => outputs[name]?.entryPoint?.endsWith('main.tsx'));
  if (!entry) throw new Error('no entry chunk');
  // Everything the first paint needs: the entry and what it imports statically, transitively.
  const shell = new Set([entry]);
  const queue = [entry];
  while (queue.length > 0) {
    for (const imp of outputs[queue.pop()!]?.imports ?? []) {
      if (imp.kind === 'import-statement' && !shell.has(imp.path)) {
        shell.add(imp.path);
        queue.push(imp.path);
      }
    }
  }
  const inputsOf = (names: Iterable<string>) => [...names].flatMap((name) => Object.keys(outputs[name]?.inputs ?? {}));
  return { shell: inputsOf(shell), all: inputsOf(Object.keys(outputs)) };
}

describe('the side panel shell (what loads before the first paint)', () => {
  it('holds neither Firebase (Auth, Firestore) nor PeerJS; the views that need them load them on demand', async () => {
    const { shell, all } = await panelChunks();
    expect(shell.filter((input) => HEAVY.test(input))).toEqual([]);
    // The tabs, the session and the room store are in it; the views are not.
    expect(shell.some((input) => input.endsWith('features/app.tsx'))).toBe(true);
    expect(shell.some((input) => input.endsWith('features/room/room-store.ts'))).toBe(true);
    expect(shell.some((input) => input.endsWith('profile/profile-view.tsx'))).toBe(false);
    expect(shell.some((input) => input.endsWith('room/room-session.ts'))).toBe(false);
    // ...and they are still in the panel, in other chunks.
    expect(all.some((input) => /node_modules\/@firebase\/firestore\//.test(input))).toBe(true);
    expect(all.some((input) => /node_modules\/@firebase\/auth\//.test(input))).toBe(true);
    expect(all.some((input) => /node_modules\/peerjs\//.test(input))).toBe(true);
  }, 60_000);
});
