import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeProblems, launchReader, newAccount, type Reader, readDoc, signUp, uidOf } from './harness';
import { peerServer } from './peer-server';

// Clubs (issue 11) in the built extension: reader A founds a private club, B joins with the invite code
// and is listed with a level, A schedules a meeting and picks the club's book from a search; a reader who
// shares no club with B (C) is refused B's members-only profile details through the API while A, a
// club-mate, reads them; axe finds no serious or critical problem on the clubs list and the club page.

const SCREENSHOTS = join(import.meta.dirname, '..', 'docs', 'screenshots');
mkdirSync(SCREENSHOTS, { recursive: true });
const PROJECT = process.env.CHAEKBANG_PROJECT_ID ?? 'demo-chaekbang';

/** Rethrow with what the panel shows, for a failure that says why. */
function explain(panel: Page) {
  return async (err: unknown): Promise<never> => {
    const text = await panel.evaluate(() => document.body.innerText.slice(0, 800)).catch(() => '?');
    throw new Error(`${err}\npanel shows: ${text}`);
  };
}

/** An ID token for an emulator account (the Auth emulator takes any API key). */
async function idToken(email: string, password: string): Promise<string> {
  const res = await fetch(
    `http://${process.env.FIREBASE_AUTH_EMULATOR_HOST}/identitytoolkit.googleapis.com/v1/accounts:signInWithPassword?key=demo-api-key`,
    {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password, returnSecureToken: true }),
    },
  );
  const body = (await res.json()) as { idToken?: string };
  if (!body.idToken) throw new Error(`no token for ${email}`);
  return body.idToken;
}

const docUrl = (path: string) =>
  `http://${process.env.FIRESTORE_EMULATOR_HOST}/v1/projects/${PROJECT}/databases/(default)/documents/${path}`;

/** GET a document through the emulator's REST API as a signed-in reader (the rules apply): the HTTP status. */
async function readAs(token: string, path: string): Promise<number> {
  const res = await fetch(docUrl(path), { headers: { authorization: `Bearer ${token}` } });
  await res.body?.cancel();
  return res.status;
}

/** Setup as the emulator's administrator (rules off): a members-only profile with a bio. */
async function makeMembersOnly(uid: string, bio: string) {
  const patch = async (path: string, mask: string[], fields: Record<string, unknown>) => {
    const query = mask.map((m) => `updateMask.fieldPaths=${m}`).join('&');
    const res = await fetch(`${docUrl(path)}?${query}`, {
      method: 'PATCH',
      headers: { authorization: 'Bearer owner', 'content-type': 'application/json' },
      body: JSON.stringify({ fields }),
    });
    if (!res.ok) throw new Error(`admin write ${path}: ${res.status} ${await res.text()}`);
  };
  await patch(`users/${uid}`, ['visibility'], { visibility: { stringValue: 'members' } });
  await patch(`users/${uid}/profile/details`, ['bio', 'updatedAt'], {
    bio: { stringValue: bio },
    updatedAt: { timestampValue: new Date().toISOString() },
  });
}

/** A datetime-local value two days from now at 19:30, local time. */
function inTwoDays(): string {
  const d = new Date(Date.now() + 2 * 86400000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T19:30`;
}

describe('clubs: a private club, joined by invite code, with members-only profiles enforced by the rules', () => {
  const server = peerServer();
  let ana: Reader;
  let bo: Reader;
  let anaPanel: Page;
  let boPanel: Page;
  const anaAccount = newAccount('Ana');
  const boAccount = newAccount('Bo');
  const cyAccount = newAccount('Cy');
  const clubName = `수요 독서모임 ${Date.now().toString(36).slice(-4)}`;
  let code = '';
  let boUid = '';

  beforeAll(async () => {
    await server.start();
    ana = await launchReader();
    bo = await launchReader();
    anaPanel = await ana.openPanel();
    boPanel = await bo.openPanel();
    await signUp(anaPanel, anaAccount);
    await signUp(boPanel, boAccount);
    // Cy needs only an account (the API check below); no browser.
    const res = await fetch(
      `http://${process.env.FIREBASE_AUTH_EMULATOR_HOST}/identitytoolkit.googleapis.com/v1/accounts:signUp?key=demo-api-key`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: cyAccount.email, password: cyAccount.password, returnSecureToken: true }),
      },
    );
    if (!res.ok) throw new Error(`sign-up for Cy failed: ${res.status}`);
    boUid = await uidOf(boAccount.email);
  });
  afterAll(async () => {
    await ana?.close();
    await bo?.close();
    await server.stop();
  });

  it('the clubs list passes axe (no club yet)', async () => {
    await anaPanel.getByTestId('nav-clubs').click();
    await anaPanel.getByTestId('clubs-section').waitFor();
    await anaPanel.getByText('You are not in a club yet', { exact: false }).waitFor({ timeout: 45_000 });
    expect(await axeProblems(anaPanel, { view: 'clubs list' })).toEqual([]);
  });

  it('A founds a private club and sees its invite code', async () => {
    await anaPanel.getByTestId('nav-clubs').click();
    await anaPanel.getByTestId('club-create-open').click();
    await anaPanel.fill('input[name="clubName"]', clubName);
    await anaPanel.fill('textarea[name="clubDescription"]', '한 달에 한 권, 수요일 저녁에 만나요.');
    await anaPanel.getByTestId('club-create').click();
    await anaPanel.getByTestId('club-page').waitFor({ timeout: 45_000 }).catch(explain(anaPanel));
    await expect.poll(() => anaPanel.getByTestId('club-name').textContent()).toBe(clubName);
    const invite = anaPanel.getByTestId('club-invite-code');
    await invite.waitFor({ timeout: 45_000 });
    code = (await invite.getAttribute('data-code')) ?? '';
    expect(code).toMatch(/^[2-9A-Z]{8}$/);
    expect(await invite.textContent()).toBe(`${code.slice(0, 4)}-${code.slice(4)}`);
  });

  it('a wrong code is refused with a clear message', async () => {
    await boPanel.getByTestId('nav-clubs').click();
    await boPanel.fill('input[name="clubCode"]', 'nope');
    await boPanel.getByTestId('club-join').click();
    await boPanel.getByText('An invite code is 8 letters and digits', { exact: false }).waitFor();
    await boPanel.fill('input[name="clubCode"]', 'ZZZZ-9999');
    await boPanel.getByTestId('club-join').click();
    await boPanel.getByText('No club has this invite code', { exact: false }).waitFor({ timeout: 45_000 });
  });

  it('B joins with the code (typed as a person would) and is in the members list with a level', async () => {
    await boPanel.fill('input[name="clubCode"]', `${code.slice(0, 4).toLowerCase()} ${code.slice(4)}`);
    await boPanel.getByTestId('club-join').click();
    await boPanel.getByTestId('club-page').waitFor({ timeout: 45_000 });
    expect(await boPanel.getByTestId('club-name').textContent()).toBe(clubName);
    // B, a plain member, sees no invite code and no host tools
    expect(await boPanel.getByTestId('club-invite-code').count()).toBe(0);
    const boRow = anaPanel.locator(`[data-testid="club-member"][data-uid="${boUid}"]`);
    await boRow.waitFor({ timeout: 45_000 });
    await expect.poll(() => boRow.getByTestId('club-member-level').textContent(), { timeout: 45_000 }).toMatch(/^Lv \d+$/);
    expect(await boRow.getByTestId('club-member-role').textContent()).toBe('Member');
    const anaRowOnB = boPanel.getByTestId('club-member').filter({ hasText: anaAccount.displayName });
    await anaRowOnB.waitFor({ timeout: 45_000 });
    expect(await anaRowOnB.getByTestId('club-member-role').textContent()).toBe('Host');
  });

  it('A schedules a meeting and picks the book from a search; B sees both', async () => {
    await anaPanel.getByTestId('club-meeting-add').click();
    await anaPanel.fill('input[name="meetingAt"]', inTwoDays());
    await anaPanel.fill('input[name="meetingNote"]', '1–3장');
    await anaPanel.fill('input[name="meetingFrom"]', '1');
    await anaPanel.fill('input[name="meetingTo"]', '80');
    await anaPanel.getByTestId('club-meeting-save').click();
    await boPanel.getByTestId('next-meeting').filter({ hasText: '1–3장 · p. 1–80' }).waitFor({ timeout: 45_000 });
    await anaPanel.getByTestId('club-book-pick').click();
    await anaPanel.getByRole('button', { name: 'Search', exact: true }).first().click();
    await anaPanel.fill('input[name="clubBookQuery"]', '테스트 역사');
    await anaPanel.locator('.club-book-search button[type="submit"]').click();
    await anaPanel.getByRole('button', { name: 'Choose 테스트 역사 1권' }).click({ timeout: 45_000 });
    await boPanel.getByTestId('club-book-title').filter({ hasText: '테스트 역사 1권' }).waitFor({ timeout: 45_000 });
  });

  it('members-only profile: C (no shared club) is refused B’s details, summary and reading list through the API; A reads them', async () => {
    await makeMembersOnly(boUid, '밤에 읽는 사람');
    const cy = await idToken(cyAccount.email, cyAccount.password);
    const anaToken = await idToken(anaAccount.email, anaAccount.password);
    expect(await readAs(cy, `users/${boUid}/profile/details`)).toBe(403);
    expect(await readAs(cy, `users/${boUid}/stats/summary`)).toBe(403);
    expect(await readAs(cy, `users/${boUid}`)).toBe(200); // name and level stay readable
    expect(await readAs(cy, `users/${boUid}/stats/public`)).not.toBe(403);
    expect(await readAs(cy, `users/${boUid}/reading`)).toBe(403); // the reading list (a list request)
    expect(await readAs(anaToken, `users/${boUid}/profile/details`)).toBe(200);
    expect(await readAs(anaToken, `users/${boUid}/stats/summary`)).not.toBe(403);
    expect(await readAs(anaToken, `users/${boUid}/reading`)).toBe(200);
  });

  it('the club page passes axe (host and member views); a screenshot for the README', async () => {
    expect(await axeProblems(anaPanel, { view: 'club page (host)' })).toEqual([]);
    expect(await axeProblems(boPanel, { view: 'club page (member)' })).toEqual([]);
    await anaPanel.getByTestId('clubs-section').screenshot({ path: join(SCREENSHOTS, 'club-page.png') });
  });

  it('B leaves; A’s list and B’s access follow', async () => {
    await boPanel.getByTestId('club-leave').click();
    await boPanel.getByTestId('club-leave-confirm').click();
    await boPanel
      .getByTestId('clubs-section')
      .getByText('You are not in a club yet', { exact: false })
      .waitFor({ timeout: 45_000 });
    await anaPanel.locator(`[data-testid="club-member"][data-uid="${boUid}"]`).waitFor({ state: 'detached', timeout: 45_000 });
    const anaToken = await idToken(anaAccount.email, anaAccount.password);
    expect(await readAs(anaToken, `users/${boUid}/profile/details`)).toBe(403);
  });

  it('B comes back through the invite link: the panel opens on Clubs with the code filled in, and Join lets B in', async () => {
    // The link A copies: the panel's page with "#club=<id>&code=<code>" (clubs/{id}/private/invite; here read back
    // from the public invite document, which names the club).
    const clubId = String((await readDoc(`clubInvites/${code}`))?.clubId ?? '');
    expect(clubId).not.toBe('');
    const page = await bo.context.newPage();
    await page.goto(`chrome-extension://${bo.extensionId}/sidepanel.html#club=${encodeURIComponent(clubId)}&code=${code}`);
    await page.getByTestId('clubs-section').waitFor({ timeout: 45_000 });
    await expect.poll(() => page.locator('input[name="clubCode"]').inputValue(), { timeout: 45_000 }).toBe(code);
    // The link is taken once: the address no longer carries the code.
    await expect.poll(() => page.evaluate(() => location.hash)).toBe('');
    await page.getByTestId('club-join').click();
    await page.getByTestId('club-page').waitFor({ timeout: 45_000 }).catch(explain(page));
    expect(await page.getByTestId('club-name').textContent()).toBe(clubName);
    await anaPanel.locator(`[data-testid="club-member"][data-uid="${boUid}"]`).waitFor({ timeout: 45_000 });
    expect(await axeProblems(page, { view: 'club page (member, via link)' })).toEqual([]);
    await page.close();
  });
});

describe('clubs in Korean', () => {
  let ko: Reader;
  let panel: Page;
  beforeAll(async () => {
    ko = await launchReader({ lang: 'ko' });
    panel = await ko.openPanel();
    await signUp(panel, newAccount('Dana'));
  });
  afterAll(async () => {
    await ko?.close();
  });

  it('a public club with approval: the list and the club page read in Korean and pass axe', async () => {
    await panel.getByTestId('nav-clubs').click();
    await panel.getByText('아직 가입한 모임이 없어요', { exact: false }).waitFor({ timeout: 45_000 });
    expect(await axeProblems(panel, { view: 'clubs list (ko)' })).toEqual([]);
    await panel.getByTestId('club-create-open').click();
    await panel.fill('input[name="clubName"]', `토요 고전 읽기 ${Date.now().toString(36).slice(-4)}`);
    await panel.getByLabel('공개', { exact: true }).check();
    await panel.getByLabel('모임장이 가입을 승인').check();
    await panel.getByTestId('club-create').click();
    await panel.getByTestId('club-page').waitFor({ timeout: 45_000 }).catch(explain(panel));
    await panel.getByText('공개 · 승인제 · 모임장').waitFor();
    await panel.getByTestId('club-requests').getByText('대기 중인 신청이 없어요.').waitFor({ timeout: 45_000 });
    expect(await axeProblems(panel, { view: 'club page (ko)' })).toEqual([]);
    await panel.getByTestId('clubs-section').screenshot({ path: join(SCREENSHOTS, 'club-page-ko.png') });
  });
});
