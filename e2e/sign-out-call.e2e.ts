import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRoom, joinRoom, launchReader, newAccount, type Reader, signUp, uidOf } from './harness';
import { peerServer } from './peer-server';

/** Record every camera/microphone stream the panel opens, so the test can see whether its tracks ended. */
async function recordLocalStreams(reader: Reader) {
  await reader.context.addInitScript(() => {
    const w = window as unknown as { __localStreams: MediaStream[] };
    w.__localStreams = [];
    const original = navigator.mediaDevices?.getUserMedia?.bind(navigator.mediaDevices);
    if (!original) return;
    navigator.mediaDevices.getUserMedia = async (constraints) => {
      const stream = await original(constraints);
      w.__localStreams.push(stream);
      return stream;
    };
  });
}

async function localTrackStates(panel: Page): Promise<string[]> {
  return panel.evaluate(() =>
    (window as unknown as { __localStreams: MediaStream[] }).__localStreams.flatMap((s) =>
      s.getTracks().map((t) => t.readyState),
    ),
  );
}

async function remoteTiles(panel: Page, count: number, timeout = 20_000) {
  await panel.waitForFunction(
    (n) => {
      const videos = [...document.querySelectorAll<HTMLVideoElement>('[data-testid="remote-video"]')];
      return (
        document.querySelectorAll('[data-testid="remote-tile"]').length === n &&
        videos.length === n &&
        videos.every((v) => v.readyState >= 2 && v.videoWidth > 0)
      );
    },
    count,
    { timeout },
  );
}

/** Keep a handle on the stream arriving from `peerId`, to check later that nothing more arrives on it. */
async function holdRemoteStream(panel: Page, peerId: string) {
  await panel.evaluate((id) => {
    const video = document.querySelector<HTMLVideoElement>(`[data-testid="remote-tile"][data-peer="${id}"] video`);
    const stream = video?.srcObject as MediaStream | null;
    if (!stream) throw new Error(`no remote stream from ${id}`);
    (window as unknown as { __held: MediaStream }).__held = stream;
  }, peerId);
}

/** The held remote stream's tracks have ended: no more frames or audio from that reader reach this panel. */
async function heldStreamEnded(panel: Page, timeout = 5000) {
  await panel.waitForFunction(
    () => (window as unknown as { __held: MediaStream }).__held.getTracks().every((t) => t.readyState === 'ended'),
    null,
    { timeout },
  );
}

async function tileGone(panel: Page, peerId: string, timeout = 5000) {
  await panel.waitForFunction((id) => !document.querySelector(`[data-testid="remote-tile"][data-peer="${id}"]`), peerId, {
    timeout,
  });
}

describe('signing out or deleting the account during a call leaves the room (Chromium + real peer-server)', () => {
  const server = peerServer();
  const readers: Reader[] = [];
  const panels: Page[] = [];
  const uids: string[] = [];
  const accounts: ReturnType<typeof newAccount>[] = [];

  beforeAll(async () => {
    await server.start();
    for (const name of ['Minji', 'Jiho', 'Seoyeon']) {
      const reader = await launchReader();
      await recordLocalStreams(reader);
      readers.push(reader);
      const panel = await reader.openPanel();
      const account = newAccount(name);
      await signUp(panel, account);
      accounts.push(account);
      uids.push(await uidOf(account.email));
      panels.push(panel);
    }
    const [a, b, c] = panels as [Page, Page, Page];
    const code = await createRoom(a);
    await joinRoom(b, code);
    await joinRoom(c, code);
    for (const p of panels) await remoteTiles(p, 2);
  });
  afterAll(async () => {
    for (const r of readers) await r.close();
    await server.stop();
  });

  it('Profile → Sign out: the others see the reader leave within seconds and stop receiving them; every local track ends', async () => {
    const [a, b, c] = panels as [Page, Page, Page];
    const leaver = uids[2]!;
    for (const p of [a, b]) await holdRemoteStream(p, leaver);
    expect((await localTrackStates(c)).some((s) => s === 'live')).toBe(true);

    await c.getByTestId('nav-profile').click();
    const signedOutAt = Date.now();
    await c.getByTestId('sign-out').click();
    await c.getByTestId('auth-form').waitFor({ timeout: 5000 });

    for (const p of [a, b]) {
      await tileGone(p, leaver);
      await heldStreamEnded(p);
    }
    expect(Date.now() - signedOutAt).toBeLessThan(5000);
    // The two who stayed still see each other.
    await remoteTiles(a, 1, 5000);
    await remoteTiles(b, 1, 5000);
    const states = await localTrackStates(c);
    expect(states.length).toBeGreaterThan(0);
    expect(states.every((s) => s === 'ended')).toBe(true);
  });

  it('deleting the account during a call leaves the room the same way', async () => {
    const [a, b] = panels as [Page, Page, Page];
    const leaver = uids[1]!;
    await holdRemoteStream(a, leaver);
    await b.getByTestId('nav-profile').click();
    await b.getByTestId('delete-account').click();
    await b.getByTestId('delete-account-password').fill(accounts[1]!.password);
    const deletedAt = Date.now();
    await b.getByTestId('delete-account-confirm').click();
    await tileGone(a, leaver, 10_000);
    await heldStreamEnded(a);
    expect(Date.now() - deletedAt).toBeLessThan(10_000);
    await b.getByTestId('auth-form').waitFor({ timeout: 10_000 });
    const states = await localTrackStates(b);
    expect(states.length).toBeGreaterThan(0);
    expect(states.every((s) => s === 'ended')).toBe(true);
  });
});
