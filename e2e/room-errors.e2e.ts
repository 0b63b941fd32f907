import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchReader, newAccount, type Reader, roomCodeOf, signUp } from './harness';
import { peerServer } from './peer-server';

async function tryJoin(panel: Page, code: string, passcode = '') {
  await panel.fill('input[name="roomCode"]', code);
  await panel.fill('input[name="passcode"]', passcode);
  await panel.getByTestId('join-room').click();
  await panel.getByTestId('join-now').click();
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

  it('an unknown room, then a wrong passcode, then the right one (Korean UI)', async () => {
    await tryJoin(guestPanel, 'ZZZ-222');
    await guestPanel.getByTestId('error').filter({ hasText: '그 코드의 방이 없어요' }).waitFor({ timeout: 10_000 });
    await guestPanel.getByRole('button', { name: '뒤로' }).click();

    await hostPanel.getByTestId('nav-room').click();
    await hostPanel.fill('input[name="newPasscode"]', 'book-club-7');
    await hostPanel.getByTestId('create-room').click();
    await hostPanel.getByTestId('join-now').click();
    await hostPanel.getByTestId('call').waitFor();
    const code = await roomCodeOf(hostPanel);

    await tryJoin(guestPanel, code, 'not-it');
    await guestPanel.getByTestId('error').filter({ hasText: '비밀번호가 틀렸어요' }).waitFor({ timeout: 10_000 });
    await guestPanel.getByRole('button', { name: '뒤로' }).click();
    await tryJoin(guestPanel, code, 'book-club-7');
    await guestPanel.getByTestId('call').waitFor({ timeout: 10_000 });
    await hostPanel.getByTestId('remote-tile').waitFor({ timeout: 10_000 });
  });

  it('the room server down: "can\'t reach the room server"', async () => {
    await guestPanel.getByTestId('leave-room').click();
    await server.stop();
    try {
      await tryJoin(guestPanel, 'ABC-234');
      await guestPanel.getByTestId('error').filter({ hasText: '독서방 서버에 연결할 수 없어요' }).waitFor({ timeout: 10_000 });
    } finally {
      await server.start();
    }
  });
});
