import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, createRoom, joinRoom, launchReader, newAccount, type Reader, signUp } from './harness';
import { peerServer } from './peer-server';

/** Seconds of video decoded so far in every remote tile of a panel. */
async function remoteVideoTimes(panel: Page): Promise<number[]> {
  return panel.$$eval('[data-testid="remote-video"]', (els) => els.map((v) => (v as HTMLVideoElement).currentTime));
}

async function waitForRemoteTiles(panel: Page, count: number, timeout = 20_000) {
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

describe('reading room: three readers, chat, leaving, server restart (Chromium + real peer-server)', () => {
  const server = peerServer();
  const readers: Reader[] = [];
  const panels: Page[] = [];

  beforeAll(async () => {
    await server.start();
    for (const name of ['Minji', 'Jiho', 'Seoyeon']) {
      const reader = await launchReader();
      readers.push(reader);
      const panel = await reader.openPanel();
      await signUp(panel, newAccount(name));
      panels.push(panel);
    }
  });
  afterAll(async () => {
    for (const r of readers) await r.close();
    await server.stop();
  });

  it('one creates a room, two join by code, each sees two remote tiles with advancing video', async () => {
    const [a, b, c] = panels as [Page, Page, Page];
    const code = await createRoom(a);
    await joinRoom(b, code.toLowerCase()); // people type codes in lower case
    await joinRoom(c, code);
    for (const p of panels) await waitForRemoteTiles(p, 2);
    const before = await Promise.all(panels.map(remoteVideoTimes));
    await new Promise((r) => setTimeout(r, 1200));
    const after = await Promise.all(panels.map(remoteVideoTimes));
    for (let i = 0; i < panels.length; i++) {
      for (let j = 0; j < 2; j++) expect(after[i]![j]!).toBeGreaterThan(before[i]![j]!);
    }
    const names = await a.$$eval('[data-testid="tile-name"]', (els) => els.map((e) => e.textContent));
    expect(names.some((n) => n?.startsWith('Jiho'))).toBe(true);
    expect(names.some((n) => n?.startsWith('Seoyeon'))).toBe(true);
    await a.screenshot({ path: join(ARTIFACTS, 'panel-room.png') });
  });

  it('a chat line reaches both others, as text (markup stays text)', async () => {
    const [a, b, c] = panels as [Page, Page, Page];
    await b.fill('input[name="chat"]', '오늘은 3장까지 <b>읽었어요</b>');
    await b.getByTestId('chat-send').click();
    for (const p of [a, c]) {
      await p.getByTestId('chat-line').filter({ hasText: '오늘은 3장까지 <b>읽었어요</b>' }).waitFor({ timeout: 5000 });
      expect(await p.locator('[data-testid="chat-lines"] b').count()).toBe(0);
    }
  });

  it('mute state is seen by everyone', async () => {
    const [a, b] = panels as [Page, Page, Page];
    await a.getByTestId('toggle-mute').click();
    await b.locator('[data-testid="remote-tile"] .muted-icon').first().waitFor({ timeout: 5000 });
    await a.getByTestId('toggle-mute').click();
    await b.waitForFunction(() => document.querySelectorAll('[data-testid="remote-tile"] .muted-icon').length === 0, null, {
      timeout: 5000,
    });
  });

  it('a reader who closes the page is gone from the others within 5 seconds', async () => {
    const [a, b] = panels as [Page, Page, Page];
    const c = panels[2]!;
    const t0 = Date.now();
    await c.close({ runBeforeUnload: false });
    await Promise.all(
      [a, b].map((p) =>
        p.waitForFunction(() => document.querySelectorAll('[data-testid="remote-tile"]').length === 1, null, { timeout: 5000 }),
      ),
    );
    expect(Date.now() - t0).toBeLessThan(5000);
  });

  it('after a peer-server restart the remaining readers are back in the room with video within 15 seconds', async () => {
    const [a, b] = panels as [Page, Page, Page];
    await server.stop();
    await a.getByTestId('reconnecting').waitFor({ timeout: 10_000 });
    const t0 = Date.now();
    await server.start();
    for (const p of [a, b]) {
      await p.waitForFunction(
        () => document.querySelector('[data-testid="call"]')?.getAttribute('data-phase') === 'in-room',
        null,
        { timeout: 15_000 },
      );
      await waitForRemoteTiles(p, 1, 15_000);
    }
    expect(Date.now() - t0).toBeLessThan(15_000);
    const before = await Promise.all([a, b].map(remoteVideoTimes));
    await new Promise((r) => setTimeout(r, 800));
    const after = await Promise.all([a, b].map(remoteVideoTimes));
    for (let i = 0; i < 2; i++) expect(after[i]![0]!).toBeGreaterThan(before[i]![0]!);
    // Signaling works again: the server lists both readers in the room.
    const metrics = await (await fetch(`${server.url}/health`)).json();
    expect(metrics.peers).toBeGreaterThanOrEqual(2);
  });
});
