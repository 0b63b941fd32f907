import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { turnCredential } from '../peer-server/src/turn/turn-credentials';
import { type Coturn, startCoturn } from '../scripts/lib/coturn.mjs';
import { ARTIFACTS, axeProblems, createRoom, joinRoom, launchReader, newAccount, type Reader, signUp } from './harness';
import {
  capturePeerConnections,
  enableAlwaysRelay,
  gatherRelayCandidates,
  selectedPairs,
  videoAdvances,
  waitForRemoteTiles,
} from './network';
import { peerServer } from './peer-server';

// TURN through the real coturn (Debian's package, use-auth-secret with the peer-server's TURN_SECRET):
// two readers with "Always relay (strict networks)" on call each other through the relay (checked in each
// RTCPeerConnection's getStats: the selected candidate pair is relay on our side), with live video; coturn
// refuses an expired and a forged credential and grants the one the server signs.

const SCREENSHOTS = join(import.meta.dirname, '..', 'docs', 'screenshots');
const SECRET = `relay-e2e-${Math.random().toString(36).slice(2)}-secret`;

describe('TURN relay through coturn: "Always relay (strict networks)" (Chromium + real peer-server + coturn)', () => {
  let coturn: Coturn;
  let server: ReturnType<typeof peerServer>;
  const readers: Reader[] = [];
  const panels: Page[] = [];

  beforeAll(async () => {
    coturn = await startCoturn({ secret: SECRET });
    // UDP only: the relay is what carries the media, and one URL keeps the candidate count small.
    server = peerServer(undefined, { catalog: 'off', env: { TURN_URLS: coturn.url, TURN_SECRET: SECRET } });
    await server.start();
    for (const [name, lang] of [
      ['Haneul', 'en'],
      ['Dasom', 'ko'],
    ] as const) {
      const reader = await launchReader({ lang });
      await capturePeerConnections(reader.context);
      readers.push(reader);
      const panel = await reader.openPanel();
      await signUp(panel, newAccount(name));
      panels.push(panel);
    }
  });
  afterAll(async () => {
    for (const r of readers) await r.close();
    await server?.stop();
    await coturn?.stop();
  });

  it('the setting is on the profile in both languages, persists (a panel opened afresh has it on), and passes axe', async () => {
    for (const [i, panel] of panels.entries()) {
      await enableAlwaysRelay(panel);
      const label = await panel.getByTestId('call-settings').textContent();
      expect(label).toContain(i === 0 ? 'Always relay (strict networks)' : '항상 중계 서버로 연결');
      expect(await axeProblems(panel, { include: '[data-testid="call-settings"]' })).toEqual([]);
      // Kept in storage.local: a panel opened afresh shows it on.
      const again = await readers[i]!.openPanel();
      await again.getByTestId('always-relay').waitFor({ timeout: 30_000 });
      await again.waitForFunction(() => document.querySelector<HTMLInputElement>('[data-testid="always-relay"]')?.checked);
      await again.close();
    }
    await panels[0]!.getByTestId('call-settings').screenshot({ path: join(SCREENSHOTS, 'call-settings-relay.png') });
  });

  it('two readers with "always relay" connect through coturn: relay candidate pairs, live video both ways', async () => {
    const [a, b] = panels as [Page, Page];
    const code = await createRoom(a).catch(async (err: unknown) => {
      console.log(`[relay] the room tab shows: ${(await a.locator('body').textContent())?.slice(0, 400)}`);
      await a.screenshot({ path: join(ARTIFACTS, 'relay-create-room-failed.png') });
      throw err;
    });
    await joinRoom(b, code);
    const t0 = Date.now();
    for (const p of panels) await waitForRemoteTiles(p, 1, 30_000);
    console.log(`[relay] both remote tiles with video ${Date.now() - t0} ms after B joined`);
    for (const p of panels) {
      expect(await videoAdvances(p, 1200)).toBe(true);
      await p.getByTestId('relay-on').waitFor();
      const pairs = await selectedPairs(p);
      console.log(`[relay] ${JSON.stringify(pairs)}`);
      const media = pairs.filter((x) => x.bytes > 0);
      expect(media.length).toBeGreaterThanOrEqual(1);
      for (const pair of media) {
        expect(pair.policy).toBe('relay');
        expect(pair.local).toBe('relay');
        expect(pair.remote).toBe('relay');
        // Our relay candidate is an allocation on this coturn: its relay address and port range.
        expect(pair.localAddress).toBe('127.0.0.1');
        expect(pair.localPort).toBeGreaterThanOrEqual(coturn.relayPorts[0]);
        expect(pair.localPort).toBeLessThanOrEqual(coturn.relayPorts[1]);
      }
    }
    await a.screenshot({ path: join(SCREENSHOTS, 'room-relay.png') });
  });

  it('coturn refuses an expired and a forged credential (no relay candidate, 401) and grants a valid one', async () => {
    const page = panels[0]!;
    const now = Math.floor(Date.now() / 1000);
    const valid = turnCredential(SECRET, 'relayProbe', now + 600);
    const expired = turnCredential(SECRET, 'relayProbe', now - 60);
    const forged = turnCredential('forged-secret-forged-secret', 'relayProbe', now + 600);
    const granted = await gatherRelayCandidates(page, { urls: coturn.url, ...valid });
    const refusedExpired = await gatherRelayCandidates(page, { urls: coturn.url, ...expired });
    const refusedForged = await gatherRelayCandidates(page, { urls: coturn.url, ...forged });
    console.log(
      `[relay] valid ${JSON.stringify(granted)} expired ${JSON.stringify(refusedExpired)} forged ${JSON.stringify(refusedForged)}`,
    );
    expect(granted.relay).toBeGreaterThanOrEqual(1);
    expect(refusedExpired.relay).toBe(0);
    expect(refusedForged.relay).toBe(0);
    expect(refusedExpired.errors).toContain(401);
    expect(refusedForged.errors).toContain(401);
  });
});
