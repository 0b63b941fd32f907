import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUp as emulatorAccount } from '../peer-server/test/helpers';
import { MEDIA_ARGS, PLAIN_ARGS } from './chromium-args';
import { axeProblems, freshIsbn13, storedFirebaseUser } from './harness';
import { peerServer } from './peer-server';

// What a guest cannot do, end to end (issue 15): a guest signed in through the real web room (anonymous auth in
// a plain Chromium, no extension) is refused a shelf write by the project's rules on the Firestore emulator, while
// the same write with an e-mail account's token passes; and past GUEST_ADMISSIONS_PER_IP_HOUR a new guest from
// the same address gets the page's "too many guests" message, in English and Korean.
const PROJECT = process.env.CHAEKBANG_PROJECT_ID ?? 'demo-chaekbang';

/** The signed-in Firebase user of the page (as the SDK stored it): uid, current ID token, sign-in provider. */
async function firebaseUserOf(page: Page): Promise<{ uid: string; token: string; provider: string }> {
  const user = await storedFirebaseUser(page);
  if (!user) throw new Error('no signed-in Firebase user in this page');
  const token = user.stsTokenManager.accessToken as string;
  const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'));
  return { uid: user.uid, token, provider: claims.firebase?.sign_in_provider ?? '' };
}

/**
 * A new shelf entry (want-to-read, the shape the shelf repository writes) committed from the page over the Firestore
 * REST API with `token`; the server times come from the emulator (REQUEST_TIME), as serverTimestamp() does.
 */
function shelfWrite(page: Page, uid: string, token: string, isbn: string): Promise<{ status: number; body: string }> {
  const firestore = process.env.FIRESTORE_EMULATOR_HOST;
  return page.evaluate(
    async ({ firestore, project, uid, token, isbn }) => {
      const s = (v: string) => ({ stringValue: v });
      const i = (v: number) => ({ integerValue: String(v) });
      const nul = { nullValue: null };
      const name = `projects/${project}/databases/(default)/documents/users/${uid}/shelf/${isbn}`;
      const res = await fetch(`http://${firestore}/v1/projects/${project}/databases/(default)/documents:commit`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          writes: [
            {
              update: {
                name,
                fields: {
                  isbn13: s(isbn),
                  title: s('아몬드'),
                  authors: { arrayValue: { values: [s('손원평')] } },
                  publisher: s('창비'),
                  coverUrl: nul,
                  category: s('novel'),
                  status: s('want-to-read'),
                  startedAt: nul,
                  finishedAt: nul,
                  currentPage: i(0),
                  totalPages: i(264),
                  pagesBanked: i(0),
                  rating: nul,
                  notes: s(''),
                  rereadCount: i(0),
                },
              },
              updateTransforms: [
                { fieldPath: 'addedAt', setToServerValue: 'REQUEST_TIME' },
                { fieldPath: 'updatedAt', setToServerValue: 'REQUEST_TIME' },
              ],
              currentDocument: { exists: false },
            },
          ],
        }),
      });
      return { status: res.status, body: await res.text() };
    },
    { firestore, project: PROJECT, uid, token, isbn },
  );
}

describe('guests: no writes, and a per-address admission limit', () => {
  // One new guest per address per hour on this server: the second guest from 127.0.0.1 is turned away.
  const server = peerServer(undefined, { env: { GUEST_ADMISSIONS_PER_IP_HOUR: '1' } });
  const base = `http://127.0.0.1:${process.env.CHAEKBANG_E2E_PEER_PORT}`;
  let browser: Browser;
  let code = '';
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    await server.start();
    const host = await emulatorAccount('host');
    const created = await fetch(`${base}/api/rooms`, {
      method: 'POST',
      headers: { authorization: `Bearer ${host.idToken}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(created.status).toBe(201);
    code = ((await created.json()) as { room: { code: string } }).room.code;
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      headless: true,
      args: [...PLAIN_ARGS, ...MEDIA_ARGS],
    });
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close().catch(() => {});
    await server.stop();
  });

  async function guestPage(locale: string) {
    // bypassCSP: only so this test's own fetch to the Firestore emulator may leave the page (the web room's CSP
    // allows no Firestore: the page never writes there). The guest's token is the page's own.
    const context = await browser.newContext({ locale, viewport: { width: 1000, height: 800 }, bypassCSP: true });
    contexts.push(context);
    return context.newPage();
  }
  /** The one-screen lobby: a name, then Join as soon as it is enabled (the camera preview is up). */
  async function enterName(page: Page, name: string) {
    await page.goto(`${base}/r/${code}`);
    await page.getByTestId('web-name').waitFor({ timeout: 15_000 });
    await page.getByTestId('web-name-input').fill(name);
    await page.getByTestId('join-now').and(page.locator(':enabled')).waitFor({ timeout: 20_000 });
    await page.getByTestId('join-now').click();
  }

  it('a guest signed in through the web room tries to write a shelf entry and is refused (permission-denied)', async () => {
    const page = await guestPage('en-US');
    await enterName(page, '손님 지수');
    // Admitted: the guest is in the call.
    await page.getByTestId('call').waitFor({ timeout: 20_000 });
    const guest = await firebaseUserOf(page);
    expect(guest.provider).toBe('anonymous');

    const isbn = freshIsbn13();
    const refused = await shelfWrite(page, guest.uid, guest.token, isbn);
    expect(refused.status).toBe(403);
    expect(refused.body).toContain('PERMISSION_DENIED');

    // The same write, same shape, from the same page, by a reader with an e-mail account: allowed. So what refused
    // the guest is the guest bit, not the data.
    const reader = await emulatorAccount('reader');
    const allowed = await shelfWrite(page, reader.uid, reader.idToken, isbn);
    expect(allowed.status, allowed.body).toBe(200);
  });

  it('past the limit, a new guest from the same address is told so, in English and in Korean (axe clean)', async () => {
    const en = await guestPage('en-US');
    await enterName(en, 'Second guest');
    await en.getByText('Too many guests joined from this network in the last hour.').waitFor({ timeout: 20_000 });
    // Still on the lobby (the name and the preview kept, Join enabled again), not in the call.
    expect(await en.getByTestId('call').count()).toBe(0);
    await en.getByTestId('join-now').and(en.locator(':enabled')).waitFor({ timeout: 10_000 });
    expect(await en.getByTestId('web-name-input').inputValue()).toBe('Second guest');
    expect(await axeProblems(en)).toEqual([]);

    const ko = await guestPage('ko-KR');
    await enterName(ko, '세 번째 손님');
    await ko.getByText('최근 한 시간 동안 이 네트워크에서 게스트가 너무 많이 입장했어요.').waitFor({ timeout: 20_000 });
    expect(await axeProblems(ko)).toEqual([]);
  });
});
