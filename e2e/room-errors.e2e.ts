import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUp as emulatorAccount } from '../peer-server/test/helpers';
import { launchReader, newAccount, type Reader, roomCodeOf, signUp } from './harness';
import { peerServer } from './peer-server';

/** Fill the join form and submit it: code and passcode are checked before the camera screen. */
async function tryJoin(panel: Page, code: string, passcode = '') {
  await panel.fill('input[name="roomCode"]', code);
  await panel.fill('input[name="passcode"]', passcode);
  await panel.getByTestId('join-room').click();
}

describe('room errors a person can act on', () => {
  const server = peerServer();
  let host: Reader;
  let guest: Reader;
  let hostPanel: Page;
  let guestPanel: Page;
  beforeAll(async () => {
    await server.start();
    host = await launchReader();
    guest = await launchReader({ lang: 'ko' });
    hostPanel = await host.openPanel();
    guestPanel = await guest.openPanel();
    await signUp(hostPanel, newAccount('Host'));
    await signUp(guestPanel, newAccount('Guest'));
    await guestPanel.getByTestId('nav-room').click();
  });
  afterAll(async () => {
    await host?.close();
    await guest?.close();
    await server.stop();
  });

  it('a code that is not a room code is refused before any request', async () => {
    await guestPanel.fill('input[name="roomCode"]', 'hello!');
    await guestPanel.getByTestId('join-room').click();
    expect(await guestPanel.getByTestId('error').textContent()).toContain('6자리 방 코드');
  });

  it('an unknown room, a missing and a wrong passcode are reported before the camera screen; the right one gets in (Korean UI)', async () => {
    await tryJoin(guestPanel, 'ZZZ-222');
    await guestPanel.getByTestId('error').filter({ hasText: '그 코드의 방이 없어요' }).waitFor({ timeout: 10_000 });
    expect(await guestPanel.getByTestId('prejoin').count()).toBe(0);

    await hostPanel.getByTestId('nav-room').click();
    // The create form refuses a weak passcode with the server's own rule.
    await hostPanel.fill('input[name="newPasscode"]', '123456');
    await hostPanel.getByTestId('create-room').click();
    await hostPanel.getByTestId('error').filter({ hasText: 'simple sequence' }).waitFor();
    expect(await hostPanel.getByTestId('prejoin').count()).toBe(0);
    await hostPanel.fill('input[name="newPasscode"]', 'book-club-7');
    await hostPanel.getByTestId('create-room').click();
    await hostPanel.getByTestId('join-now').click();
    await hostPanel.getByTestId('call').waitFor();
    const code = await roomCodeOf(hostPanel);

    await tryJoin(guestPanel, code);
    await guestPanel.getByTestId('error').filter({ hasText: '비밀번호가 필요해요' }).waitFor({ timeout: 10_000 });
    await tryJoin(guestPanel, code, 'not-it');
    await guestPanel.getByTestId('error').filter({ hasText: '비밀번호가 틀렸어요' }).waitFor({ timeout: 10_000 });
    expect(await guestPanel.getByTestId('prejoin').count()).toBe(0);
    // The wrong passcode is not left in the field.
    expect(await guestPanel.inputValue('input[name="passcode"]')).toBe('');

    await tryJoin(guestPanel, code, 'book-club-7');
    await guestPanel.getByTestId('prejoin').waitFor({ timeout: 10_000 });
    // Going back from the camera screen does not keep the passcode either.
    await guestPanel.getByRole('button', { name: '뒤로' }).click();
    expect(await guestPanel.inputValue('input[name="passcode"]')).toBe('');
    await tryJoin(guestPanel, code, 'book-club-7');
    await guestPanel.getByTestId('join-now').click();
    await guestPanel.getByTestId('call').waitFor({ timeout: 10_000 });
    await hostPanel.getByTestId('remote-tile').waitFor({ timeout: 10_000 });

    // The copied invite says a passcode is needed, and never contains it.
    await hostPanel.evaluate(() => {
      const copied: string[] = [];
      (window as unknown as { copied: string[] }).copied = copied;
      navigator.clipboard.writeText = async (text: string) => {
        copied.push(text);
      };
    });
    await hostPanel.getByRole('button', { name: 'Copy invite' }).click();
    const invite = await hostPanel.waitForFunction(() => (window as unknown as { copied: string[] }).copied[0]);
    const inviteText = String(await invite.jsonValue());
    expect(inviteText).toContain(code);
    expect(inviteText).toMatch(/needs a passcode/);
    expect(inviteText).not.toContain('book-club-7');

    // Someone guesses (5 wrong passcodes from a script): the room locks, the host sees it in the call,
    // the guest already inside stays, and a newcomer is told to wait — before any camera screen.
    const mallory = await emulatorAccount('mallory');
    for (let i = 0; i < 5; i++) {
      const res = await fetch(`${server.url}/api/rooms/${code}/check`, {
        method: 'POST',
        headers: { authorization: `Bearer ${mallory.idToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ passcode: `guess-${i}-guess` }),
      });
      expect(res.status).toBe(403);
    }
    const notice = hostPanel.getByTestId('lockout-notice');
    await notice.and(hostPanel.locator('[data-locked="true"]')).waitFor({ timeout: 15_000 });
    expect(await notice.textContent()).toMatch(/tried 5 times.*paused for \d+ s/);
    expect(await guestPanel.getByTestId('call').count()).toBe(1);
    const late = await fetch(`${server.url}/api/rooms/${code}/check`, {
      method: 'POST',
      headers: { authorization: `Bearer ${mallory.idToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ passcode: 'book-club-7' }),
    });
    expect([late.status, ((await late.json()) as { error: { code: string } }).error.code]).toEqual([429, 'room_locked']);

    // After leaving, the create form does not keep the old passcode.
    await hostPanel.getByTestId('leave-room').click();
    await hostPanel.getByTestId('room-lobby').waitFor();
    expect(await hostPanel.inputValue('input[name="newPasscode"]')).toBe('');
  });

  it('the room server down: "can\'t reach the room server"', async () => {
    await guestPanel.getByTestId('leave-room').click();
    await server.stop();
    try {
      await tryJoin(guestPanel, 'ABC-234');
      await guestPanel.getByTestId('error').filter({ hasText: '독서방 서버에 연결할 수 없어요' }).waitFor({ timeout: 10_000 });
      expect(await guestPanel.getByTestId('prejoin').count()).toBe(0);
    } finally {
      await server.start();
    }
  });
});
