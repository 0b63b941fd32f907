import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clickChipButton } from './cdp';
import { createRoom, joinRoom, launchReader, newAccount, type Reader, roomCodeOf, signUp } from './harness';
import { peerServer } from './peer-server';

/** README screenshots are written straight from this run. */
const SCREENSHOTS = join(import.meta.dirname, '..', 'docs', 'screenshots');
// The project's own Bookshop.org page (committed), served under its real URL, to share a card from.
const PAGE_URL = 'https://bookshop.org/books/crying-in-h-mart-a-memoir/9780525657743';
const PAGE_HTML = readFileSync(join(import.meta.dirname, '..', 'extension', 'detectors', 'fixtures', 'bookshop', 'detail.html'));
const PANEL = { width: 400, height: 720 } as const;

type Box = { top: number; bottom: number; left: number; right: number; width: number; height: number };

async function waitForRemoteVideos(panel: Page, count: number, timeout = 60_000) {
  await panel
    .waitForFunction(
      (n) => {
        const videos = [...document.querySelectorAll<HTMLVideoElement>('[data-testid="remote-video"]')];
        return (
          document.querySelectorAll('[data-testid="remote-tile"]').length === n &&
          videos.length >= n &&
          videos.every((v) => v.readyState >= 2 && v.videoWidth > 0)
        );
      },
      count,
      { timeout },
    )
    .catch(async (err) => {
      const seen = await panel.evaluate(() => ({
        videos: [...document.querySelectorAll<HTMLVideoElement>('[data-testid="remote-video"]')].map((v) => [
          v.readyState,
          v.videoWidth,
        ]),
        phase: document.querySelector('[data-testid="call"]')?.getAttribute('data-phase') ?? null,
        tiles: document.querySelectorAll('[data-testid="remote-tile"]').length,
        text: document.body.innerText.slice(0, 400),
      }));
      throw new Error(`${count} remote videos not playing (seen: ${JSON.stringify(seen)}): ${err}`);
    });
}

/**
 * Reload a panel mid-call and open its Room tab. KNOWN ISSUE (see the closing notes of issues 9 and 13): now and
 * then, late in a long run on a loaded machine, a reloaded panel's Firestore client never starts, so the profile
 * never arrives and the Room tab stays on its frame ("Loading"); a second reload of the same page did not always
 * get past it. It is not what this spec tests: when it happens the spec prints what the page had (its Firestore
 * client records in localStorage, its IndexedDB databases, its console since the reload, what it shows), then
 * closes that page and opens the reader's panel afresh, and says so loudly. Returns the panel to use from then on.
 */
async function reloadToRoomTab(reader: Reader, panel: Page): Promise<Page> {
  const seen: string[] = [];
  const listen = (m: { type(): string; text(): string }) => seen.push(`${m.type()}: ${m.text().slice(0, 300)}`);
  panel.on('console', listen);
  const clientsBefore = await panel
    .evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('firestore_clients_')))
    .catch(() => []);
  await panel.reload();
  await panel.getByTestId('nav-room').click();
  const ready = await panel
    .getByTestId('room-lobby')
    .waitFor({ timeout: 20_000 })
    .then(() => true)
    .catch(() => false);
  panel.off('console', listen);
  if (ready) return panel;
  const state = await panel
    .evaluate(async () => ({
      firestoreKeys: Object.keys(localStorage).filter((k) => k.startsWith('firestore_')),
      databases: (await indexedDB.databases?.())?.map((d) => d.name) ?? null,
      session: document.querySelector('main.app')?.getAttribute('data-session') ?? null,
      online: navigator.onLine,
      text: document.body.innerText.slice(0, 300),
    }))
    .catch((err: unknown) => ({ error: String(err) }));
  console.warn(
    `[room-layout] the reloaded panel did not show the lobby in 20 s (known issue); opening the panel afresh.\n` +
      `  Firestore clients before the reload: ${JSON.stringify(clientsBefore)}\n  state: ${JSON.stringify(state)}\n  console since the reload:\n    ${seen.slice(-25).join('\n    ')}`,
  );
  await panel.close().catch(() => {});
  const fresh = await reader.openPanel();
  await fresh.getByTestId('nav-room').click();
  await fresh.getByTestId('room-lobby').waitFor({ timeout: 30_000 });
  return fresh;
}

/** Rethrow with what the panel shows, for a failure that says why. */
function explain(panel: Page) {
  return async (err: unknown): Promise<never> => {
    const text = await panel.evaluate(() => document.body.innerText.slice(0, 600)).catch(() => '?');
    throw new Error(`${err}\npanel shows: ${text}`);
  };
}

/** Boxes of the call's parts, measured at the top of the page (what a 400 × 720 side panel shows). */
async function callBoxes(panel: Page) {
  return panel.evaluate(() => {
    window.scrollTo(0, 0);
    const box = (el: Element | null): Box | null => {
      if (!el) return null;
      const r = el.getBoundingClientRect();
      return { top: r.top, bottom: r.bottom, left: r.left, right: r.right, width: r.width, height: r.height };
    };
    return {
      tiles: [...document.querySelectorAll('[data-testid="self-tile"], [data-testid="remote-tile"]')].map((el) => box(el)!),
      grid: box(document.querySelector('.tiles')),
      card: box(document.querySelector('[data-testid="book-card"]')),
      input: box(document.querySelector('input[name="chat"], textarea[name="chat"]')),
      send: box(document.querySelector('[data-testid="chat-send"]')),
      controls: box(document.querySelector('.controls')),
    };
  });
}

/** One box per chat line part, for the line whose text starts with `prefix`. */
async function chatLineBoxes(panel: Page, prefix: string) {
  return panel.evaluate((start) => {
    const line = [...document.querySelectorAll('[data-testid="chat-line"]')].find((li) =>
      li.querySelector('.chat-text')?.textContent?.startsWith(start),
    );
    if (!line) return null;
    const measure = (sel: string) => {
      const el = line.querySelector(sel) as HTMLElement;
      const r = el.getBoundingClientRect();
      const lineHeight =
        Number.parseFloat(getComputedStyle(el).lineHeight) || Number.parseFloat(getComputedStyle(el).fontSize) * 1.3;
      return { width: r.width, height: r.height, lines: Math.round(r.height / lineHeight), text: el.textContent ?? '' };
    };
    const list = document.querySelector('[data-testid="chat-lines"]') as HTMLElement;
    return {
      name: measure('.chat-from'),
      time: measure('time'),
      text: measure('.chat-text'),
      overflowX: list.scrollWidth - list.clientWidth,
    };
  }, prefix);
}

describe('the call in a 400 × 720 panel: four readers, a card, long text, icons, a camera that ends, rejoin', () => {
  const server = peerServer();
  const readers: Reader[] = [];
  /** Ana (English), 보라 (Korean), Cai (English), 다온 (Korean). */
  const panels: Page[] = [];
  const names = [
    ['Ana', 'en'],
    ['보라', 'ko'],
    ['Cai', 'en'],
    ['다온', 'ko'],
  ] as const;
  let code = '';
  /** The panels' errors and warnings, shown when the set-up fails. */
  const consoleLog: string[] = [];

  beforeAll(async () => {
    await server.start();
    for (const [name, lang] of names) {
      const reader = await launchReader({ lang });
      readers.push(reader);
      const panel = await reader.openPanel();
      panel.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning') consoleLog.push(`${name}: ${m.text()}`);
      });
      panel.on('pageerror', (e) => consoleLog.push(`${name}: ${e.message}`));
      await signUp(panel, newAccount(name));
      panels.push(panel);
    }
    const [a, b, c, d] = panels as [Page, Page, Page, Page];
    code = await createRoom(a);
    try {
      // One after another, as a club arrives: each new reader is seen by everyone before the next comes.
      const joined = [a];
      for (const p of [b, c, d]) {
        await joinRoom(p, code);
        joined.push(p);
        for (const q of joined) await waitForRemoteVideos(q, joined.length - 1);
      }
    } catch (err) {
      const states = await Promise.all(
        panels.map((p) =>
          p.evaluate(() => ({
            phase: document.querySelector('[data-testid="call"]')?.getAttribute('data-phase') ?? null,
            tiles: [...document.querySelectorAll('[data-testid="remote-tile"]')].map((t) => t.textContent),
          })),
        ),
      );
      throw new Error(
        `${err}\npanels: ${JSON.stringify(states)}\nconsole: ${consoleLog.join('\n').slice(-3000)}\nserver: ${server.log().slice(-2000)}`,
      );
    }
  });
  afterAll(async () => {
    for (const r of readers) await r.close();
    await server.stop();
  });

  it('with four readers and a shared card, every tile, the card and the chat input fit the panel (en and ko)', async () => {
    const [a, b] = panels as [Page, Page];
    const ana = readers[0]!;
    await ana.context.route('https://bookshop.org/**', (route) =>
      route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: PAGE_HTML }),
    );
    const page = await ana.context.newPage();
    await page.goto(PAGE_URL);
    await page.locator('chaekbang-chip').waitFor({ state: 'attached', timeout: 5000 });
    await clickChipButton(page, 'share');
    await page.close();
    for (const p of panels)
      await p.getByTestId('book-card-title').filter({ hasText: 'Crying in H Mart' }).waitFor({ timeout: 10_000 });

    for (const p of [a, b]) {
      const boxes = await callBoxes(p);
      expect(boxes.tiles).toHaveLength(4);
      for (const tile of boxes.tiles) {
        expect(tile.bottom).toBeLessThanOrEqual(PANEL.height);
        expect(tile.right).toBeLessThanOrEqual(PANEL.width);
      }
      // The card is not a grid cell beside a tile (leaving an empty cell): it spans the call's width under the tiles.
      const card = boxes.card!;
      const tilesBottom = Math.max(...boxes.tiles.map((t) => t.bottom));
      expect(card.top).toBeGreaterThanOrEqual(tilesBottom);
      expect(card.width).toBeGreaterThanOrEqual(boxes.grid!.width - 2);
      expect(card.bottom).toBeLessThanOrEqual(PANEL.height);
      expect(boxes.controls!.bottom).toBeLessThanOrEqual(PANEL.height);
      expect(boxes.input!.bottom).toBeLessThanOrEqual(PANEL.height);
      expect(boxes.send!.bottom).toBeLessThanOrEqual(PANEL.height);
    }
    // Every level has arrived before the picture is taken.
    await a.waitForFunction(() => document.querySelectorAll('[data-testid="remote-tile"] .badge').length === 3, null, {
      timeout: 10_000,
    });
    await a.evaluate(() => window.scrollTo(0, 0));
    await a.screenshot({ path: join(SCREENSHOTS, 'panel-room-four.png') });
  });

  it('a 500-character chat line wraps; the name and time stay one readable line (en and ko)', async () => {
    const [a, b] = panels as [Page, Page];
    const long = '오늘 읽은 부분에서 가장 마음에 남은 문장은 이것이었어요. '.repeat(20).slice(0, 480) + 'x'.repeat(20);
    expect(long).toHaveLength(500);
    await b.fill('input[name="chat"], textarea[name="chat"]', long);
    await b.getByTestId('chat-send').click();
    for (const p of [a, b]) {
      await p
        .getByTestId('chat-line')
        .filter({ hasText: long.slice(0, 40) })
        .waitFor({ timeout: 5000 });
      const m = (await chatLineBoxes(p, long.slice(0, 20)))!;
      expect(m.text.text).toBe(long);
      expect(m.name.text).toMatch(/^보라/);
      expect(m.name.width).toBeGreaterThanOrEqual(24);
      expect(m.name.lines).toBe(1);
      expect(m.time.width).toBeGreaterThanOrEqual(36);
      expect(m.time.lines).toBe(1);
      expect(m.text.lines).toBeGreaterThan(3);
      expect(m.overflowX).toBeLessThanOrEqual(0);
      // The input stays in view: the lines scroll inside the chat.
      expect((await callBoxes(p)).input!.bottom).toBeLessThanOrEqual(PANEL.height);
    }
  });

  it('past the chat limit the counter shows the count and the limit, nothing is cut, and Send waits (en and ko)', async () => {
    for (const [p, limitText] of [
      [panels[2]!, '600 / 500'],
      [panels[3]!, '600 / 500'],
    ] as const) {
      const input = p.locator('input[name="chat"], textarea[name="chat"]');
      await input.fill('가'.repeat(600));
      expect(await input.inputValue()).toHaveLength(600);
      const counter = p.locator('.chat [data-testid="char-counter"]');
      expect(await counter.textContent()).toContain(limitText);
      expect(await counter.getAttribute('data-level')).toBe('over');
      expect(await counter.locator('[role="status"]').textContent()).toMatch(/100/);
      expect(await p.getByTestId('chat-send').isDisabled()).toBe(true);
      await input.fill('나'.repeat(500));
      expect(await counter.textContent()).toContain('500 / 500');
      expect(await p.getByTestId('chat-send').isEnabled()).toBe(true);
    }
    const c = panels[2]!;
    await c.getByTestId('chat-send').click();
    await panels[0]!
      .getByTestId('chat-line')
      .filter({ hasText: '나'.repeat(500) })
      .waitFor({ timeout: 5000 });
    // Below the threshold the counter says nothing.
    expect(await c.locator('.chat [data-testid="char-counter"]').getAttribute('data-level')).toBe('ok');
  });

  it("a reader's camera-off tile shows their initial inside the tile for everyone else", async () => {
    const [a, , , d] = panels as [Page, Page, Page, Page];
    await d.getByTestId('toggle-camera').click();
    const tile = a.locator('[data-testid="remote-tile"]').filter({ hasText: '다온' });
    await tile.locator('.avatar').waitFor({ timeout: 5000 });
    const m = await tile.evaluate((el) => {
      const r = el.getBoundingClientRect();
      const av = el.querySelector('.avatar')!.getBoundingClientRect();
      const video = el.querySelector('video');
      const vr = video?.getBoundingClientRect();
      return {
        tile: { left: r.left, right: r.right, top: r.top, bottom: r.bottom },
        avatar: { left: av.left, right: av.right, top: av.top, bottom: av.bottom, width: av.width },
        videoShown:
          !!video &&
          !!vr &&
          vr.width > 1 &&
          getComputedStyle(video).visibility !== 'hidden' &&
          getComputedStyle(video).opacity !== '0',
        avatarText: el.querySelector('.avatar')!.textContent,
      };
    });
    expect(m.avatarText).toBe('다');
    expect(m.avatar.width).toBeGreaterThan(20);
    expect(m.avatar.left).toBeGreaterThanOrEqual(m.tile.left);
    expect(m.avatar.right).toBeLessThanOrEqual(m.tile.right);
    expect(m.avatar.top).toBeGreaterThanOrEqual(m.tile.top);
    expect(m.avatar.bottom).toBeLessThanOrEqual(m.tile.bottom);
    // Centred, not pushed to an edge.
    expect(Math.abs((m.avatar.left + m.avatar.right) / 2 - (m.tile.left + m.tile.right) / 2)).toBeLessThan(4);
    expect(m.videoShown).toBe(false);
    await a.evaluate(() => window.scrollTo(0, 0));
    await a.screenshot({ path: join(SCREENSHOTS, 'camera-off-tile.png') });
    await d.getByTestId('toggle-camera').click();
    await tile.locator('.avatar').waitFor({ state: 'detached', timeout: 5000 });
  });

  it('the muted icon is an SVG, and no emoji stands in for an icon anywhere in the call', async () => {
    const [a, , c] = panels as [Page, Page, Page];
    await c.getByTestId('toggle-mute').click();
    const icon = a.locator('[data-testid="remote-tile"]').filter({ hasText: 'Cai' }).locator('.muted-icon');
    await icon.waitFor({ state: 'attached', timeout: 5000 });
    expect(await icon.locator('svg').count()).toBe(1);
    const size = await icon.evaluate((el) => el.getBoundingClientRect());
    expect(size.width).toBeGreaterThanOrEqual(10);
    expect(await icon.getAttribute('aria-label')).toBe('Muted');
    expect(await c.locator('[data-testid="self-tile"] .muted-icon svg').count()).toBe(1);
    for (const p of [a, c]) {
      const text = await p.evaluate(() => {
        const call = document.querySelector('[data-testid="call"]')!.cloneNode(true) as HTMLElement;
        call.querySelector('[data-testid="chat-lines"]')?.remove();
        return call.textContent ?? '';
      });
      expect(text).not.toMatch(/\p{Extended_Pictographic}/u);
    }
    await c.getByTestId('toggle-mute').click();
  });

  it('when the camera track ends, the reader is told and can pick the camera again; the others see camera-off, then video', async () => {
    const [a, b] = panels as [Page, Page];
    // Unplugged: the track stops and fires "ended" (track.stop() alone does not fire it).
    await b.evaluate(() => {
      const video = document.querySelector('[data-testid="self-tile"] video') as HTMLVideoElement;
      const track = (video.srcObject as MediaStream).getVideoTracks()[0]!;
      track.stop();
      track.dispatchEvent(new Event('ended'));
    });
    const notice = b.getByTestId('camera-ended');
    await notice.waitFor({ timeout: 5000 });
    expect(await notice.textContent()).toMatch(/카메라/);
    // "Stop video" no longer offered for a camera that is gone.
    expect(await b.getByTestId('toggle-camera').textContent()).toBe('비디오 켜기');
    const tileOfB = a.locator('[data-testid="remote-tile"]').filter({ hasText: '보라' });
    await tileOfB.locator('.avatar').waitFor({ timeout: 5000 });

    await b.getByTestId('camera-restart').click();
    await notice.waitFor({ state: 'detached', timeout: 10_000 });
    await b.waitForFunction(
      () => {
        const v = document.querySelector('[data-testid="self-tile"] video') as HTMLVideoElement | null;
        const track = (v?.srcObject as MediaStream | null)?.getVideoTracks()[0];
        return !!v && v.readyState >= 2 && track?.readyState === 'live';
      },
      null,
      { timeout: 10_000 },
    );
    expect(await b.getByTestId('toggle-camera').textContent()).toBe('비디오 끄기');
    await tileOfB.locator('.avatar').waitFor({ state: 'detached', timeout: 5000 });
    // The others get the new camera's frames over the same call.
    const time = () => tileOfB.locator('video').evaluate((v) => (v as HTMLVideoElement).currentTime);
    const t0 = await time();
    await expect.poll(time, { timeout: 5000 }).toBeGreaterThan(t0);
    const frames = await tileOfB
      .locator('video')
      .evaluate((v) => (v as HTMLVideoElement).getVideoPlaybackQuality().totalVideoFrames);
    await expect
      .poll(() => tileOfB.locator('video').evaluate((v) => (v as HTMLVideoElement).getVideoPlaybackQuality().totalVideoFrames), {
        timeout: 5000,
      })
      .toBeGreaterThan(frames + 5);
  });

  it('after the panel reloads, the lobby offers "rejoin" for the last room, which brings the reader back without typing', async () => {
    const [a] = panels as [Page, Page];
    const b = await reloadToRoomTab(readers[1]!, panels[1]!);
    panels[1] = b;
    const offer = b.getByTestId('rejoin-offer');
    await offer.waitFor({ timeout: 30_000 }).catch(explain(b));
    expect(await offer.textContent()).toContain(code);
    await b.getByTestId('rejoin-room').click();
    await b.getByTestId('join-now').click();
    await b.getByTestId('call').waitFor({ timeout: 15_000 });
    await waitForRemoteVideos(b, 3);
    await a.waitForFunction(() => document.querySelectorAll('[data-testid="remote-tile"]').length === 3, null, {
      timeout: 15_000,
    });
  });

  it('a planned Leave clears the offer; the room is remembered in memory only (storage.session)', async () => {
    const d = panels[3]!;
    const lastRoom = () =>
      d.evaluate(async () => {
        type Area = { get(keys: null): Promise<Record<string, unknown>> };
        const ext = (globalThis as unknown as { chrome: { storage: { session: Area; local: Area } } }).chrome;
        return {
          session: await ext.storage.session.get(null),
          local: await ext.storage.local.get(null),
        };
      });
    // In the call the room is remembered, in memory only (storage.session), never in storage.local.
    const during = await lastRoom();
    expect(Object.values(during.session).some((v) => JSON.stringify(v).includes(code.replace('-', '')))).toBe(true);
    expect(JSON.stringify(during.local)).not.toContain(code.replace('-', ''));
    await d.getByTestId('leave-room').click();
    await d.getByTestId('room-lobby').waitFor();
    const after = await lastRoom();
    expect(JSON.stringify(after.session)).not.toContain(code.replace('-', ''));
    // Nothing is left in storage, so the lobby offers nothing.
    await d.locator('input[name="roomCode"]').waitFor();
    expect(await d.getByTestId('rejoin-offer').count()).toBe(0);
  });

  it('rejoin to a passcode room: storage.session keeps the rejoin grant, never the passcode, and it brings the reader back once the seat is gone', async () => {
    const a = panels[0]!;
    let b = panels[1]!;
    const PASSCODE = 'river-stone-42';
    const stored = (p: Page) =>
      p.evaluate(async () => {
        type Area = { get(keys: null): Promise<Record<string, unknown>> };
        const ext = (globalThis as unknown as { chrome: { storage: { session: Area; local: Area; sync: Area } } }).chrome;
        return JSON.stringify([
          await ext.storage.session.get(null),
          await ext.storage.local.get(null),
          await ext.storage.sync.get(null),
        ]);
      });
    /** The panel's Firebase ID token, from its IndexedDB persistence (to ask the server who holds a seat). */
    const idToken = (p: Page) =>
      p.evaluate(
        () =>
          new Promise<string>((resolve, reject) => {
            const open = indexedDB.open('firebaseLocalStorageDb');
            open.onerror = () => reject(open.error);
            open.onsuccess = () => {
              const all = open.result
                .transaction('firebaseLocalStorage', 'readonly')
                .objectStore('firebaseLocalStorage')
                .getAll();
              all.onerror = () => reject(all.error);
              all.onsuccess = () => {
                const user = (all.result as { fbase_key: string; value: { stsTokenManager?: { accessToken?: string } } }[]).find(
                  (r) => r.fbase_key.startsWith('firebase:authUser:'),
                );
                const token = user?.value.stsTokenManager?.accessToken;
                if (token) resolve(token);
                else reject(new Error('no signed-in user in IndexedDB'));
              };
            };
          }),
      );

    // Ana opens a passcode room; 보라 comes in with the passcode.
    await a.getByTestId('leave-room').click();
    await a.getByTestId('room-lobby').waitFor();
    await a.fill('input[name="newPasscode"]', PASSCODE);
    await a.getByTestId('create-room').click();
    await a.getByTestId('join-now').click();
    await a.getByTestId('call').waitFor();
    const locked = await roomCodeOf(a);
    await b.getByTestId('leave-room').click();
    await b.getByTestId('room-lobby').waitFor();
    await b.fill('input[name="roomCode"]', locked);
    await b.fill('input[name="passcode"]', PASSCODE);
    await b.getByTestId('join-room').click();
    await b.getByTestId('join-now').click();
    await b.getByTestId('call').waitFor({ timeout: 15_000 });
    await waitForRemoteVideos(b, 1);
    const during = await stored(b);
    expect(during).toContain(locked.replace('-', ''));
    expect(during).toContain('rejoinGrant');
    expect(during).not.toContain(PASSCODE);

    // The panel reloads mid-call; the server frees 보라's seat after its grace period (checked, not slept).
    b = await reloadToRoomTab(readers[1]!, b);
    panels[1] = b;
    const token = await idToken(a);
    await expect
      .poll(
        async () => {
          const res = await fetch(`${server.url}/api/rooms/${locked.replace('-', '')}`, {
            headers: { authorization: `Bearer ${token}` },
          });
          return ((await res.json()) as { members: unknown[] | null }).members?.length;
        },
        { timeout: 30_000, interval: 250 },
      )
      .toBe(1);

    await b.getByTestId('nav-room').click();
    const offer = b.getByTestId('rejoin-offer');
    await offer.waitFor({ timeout: 30_000 }).catch(explain(b));
    expect(await offer.textContent()).toContain(locked);
    expect(await stored(b)).not.toContain(PASSCODE);
    await b.getByTestId('rejoin-room').click();
    // No passcode typed, none filled in: the grant is what gets 보라 back in.
    await b.getByTestId('join-now').click();
    await b.getByTestId('call').waitFor({ timeout: 15_000 }).catch(explain(b));
    await waitForRemoteVideos(b, 1);
    await a.waitForFunction(() => document.querySelectorAll('[data-testid="remote-tile"]').length === 1, null, {
      timeout: 15_000,
    });
    expect(await stored(b)).not.toContain(PASSCODE);
  });
});
