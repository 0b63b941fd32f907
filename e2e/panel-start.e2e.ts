import AxeBuilder from '@axe-core/playwright';
import type { Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchReader, newAccount, type Reader, signIn, signUp } from './harness';

// The panel's start (issue 13.3): the tabs paint from the "last signed-in reader" hint before Auth answers,
// the hint never shows one reader's data to another, and it goes away with the sign-in. Auth's start is held
// here by holding its account check (accounts:lookup, which Auth makes on every start before it reports the
// reader), so the "restoring" state can be looked at instead of flashing by.
const HINT_KEY = 'chaekbang:signed-in-reader';

/** Hold every Auth account check until the returned release() is called. */
async function holdAuthCheck(panel: Page): Promise<{ release(): Promise<void> }> {
  const held: Route[] = [];
  let holding = true;
  const handler = (route: Route) => {
    if (holding) held.push(route);
    else void route.continue();
  };
  await panel.context().route('**/identitytoolkit.googleapis.com/v1/accounts:lookup**', handler);
  return {
    async release() {
      holding = false;
      for (const route of held.splice(0)) await route.continue();
      await panel.context().unroute('**/identitytoolkit.googleapis.com/v1/accounts:lookup**', handler);
    },
  };
}

const hint = (panel: Page) => panel.evaluate((key) => localStorage.getItem(key), HINT_KEY);

describe('the side panel start: tabs before Auth answers, never another reader data (Chromium, emulators)', () => {
  let reader: Reader;
  let panel: Page;
  const minji = newAccount('Minji');
  const jiho = newAccount('Jiho');
  beforeAll(async () => {
    reader = await launchReader();
    panel = await reader.openPanel();
    await signUp(panel, minji);
  });
  afterAll(async () => {
    await reader?.close();
  });

  it('a signed-in reader gets the tabs and the current view frame while Auth is still restoring, then the profile', async () => {
    expect(await hint(panel)).toMatch(/^[A-Za-z0-9_-]+$/); // the uid only
    const hold = await holdAuthCheck(panel);
    await panel.reload();
    await panel.getByTestId('nav-profile').waitFor();
    const frame = panel.getByTestId('view-frame');
    await frame.waitFor();
    expect(await panel.getByTestId('nav-profile').getAttribute('aria-current')).toBe('page');
    expect(await frame.getAttribute('aria-busy')).toBe('true');
    // Nothing of the reader yet: no name, no email, no sign-in form.
    expect(await panel.getByTestId('profile-name').count()).toBe(0);
    expect(await panel.getByTestId('auth-form').count()).toBe(0);
    expect(await panel.locator('body').innerText()).not.toContain(minji.email);
    // The tabs work while restoring: the Shelf frame shows.
    await panel.getByTestId('nav-shelf').click();
    expect(await panel.getByTestId('nav-shelf').getAttribute('aria-current')).toBe('page');
    await panel.getByTestId('nav-profile').click();
    // Accessible in this state too (axe: no serious or critical violation).
    const { violations } = await new AxeBuilder({ page: panel }).analyze();
    expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
    expect(await panel.getByTestId('profile-name').count()).toBe(0); // still held: the state above was real
    await hold.release();
    await panel.getByTestId('profile-name').filter({ hasText: minji.displayName }).waitFor({ timeout: 20_000 });
    expect(await panel.getByTestId('view-frame').count()).toBe(0);
  });

  it('signing out removes the hint: the next open waits for Auth and shows the sign-in form, no tabs', async () => {
    await panel.getByTestId('sign-out').click();
    await panel.getByTestId('auth-form').waitFor();
    expect(await hint(panel)).toBeNull();
    const hold = await holdAuthCheck(panel);
    await panel.reload();
    await panel.getByTestId('auth-form').waitFor({ timeout: 20_000 }); // no account to check: Auth answers at once
    expect(await panel.locator('nav.tabs').count()).toBe(0);
    await hold.release();
  });

  it('a hint Auth does not confirm (forged, or a session gone elsewhere) falls back to the sign-in form', async () => {
    await panel.evaluate((key) => localStorage.setItem(key, 'someOtherReaderUid'), HINT_KEY);
    await panel.reload();
    await panel.getByTestId('auth-form').waitFor({ timeout: 20_000 });
    expect(await panel.getByTestId('profile-name').count()).toBe(0);
    expect(await panel.locator('nav.tabs').count()).toBe(0);
    expect(await hint(panel)).toBeNull();
  });

  it('another reader signing in on the same browser gets their own profile and hint, never the previous one', async () => {
    await signUp(panel, jiho);
    const jihoUid = await hint(panel);
    expect(jihoUid).toMatch(/^[A-Za-z0-9_-]+$/);
    await panel.getByTestId('sign-out').click();
    await panel.getByTestId('auth-form').waitFor();
    await signIn(panel, minji);
    await panel.getByTestId('profile-name').filter({ hasText: minji.displayName }).waitFor({ timeout: 20_000 });
    const minjiUid = await hint(panel);
    expect(minjiUid).not.toBe(jihoUid);
    // Restoring Minji's session shows no trace of Jiho.
    const hold = await holdAuthCheck(panel);
    await panel.reload();
    await panel.getByTestId('view-frame').waitFor();
    expect(await panel.locator('body').innerText()).not.toContain(jiho.displayName);
    await hold.release();
    await panel.getByTestId('profile-name').filter({ hasText: minji.displayName }).waitFor({ timeout: 20_000 });
    expect(await panel.locator('body').innerText()).not.toContain(jiho.displayName);
  });
});
