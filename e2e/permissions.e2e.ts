import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchReader, newAccount, type Reader, signUp } from './harness';
import { peerServer } from './peer-server';

describe('camera and microphone permission (Chromium)', () => {
  const server = peerServer();
  let reader: Reader;
  beforeAll(async () => {
    await server.start();
    reader = await launchReader();
  });
  afterAll(async () => {
    await reader?.close();
    await server.stop();
  });

  it('the permission page asks, says it is allowed, and closes itself', async () => {
    const page = await reader.context.newPage();
    const closed = new Promise<void>((resolve) => page.once('close', () => resolve()));
    await page.goto(`chrome-extension://${reader.extensionId}/permission.html`);
    await Promise.race([
      closed,
      new Promise((_, reject) => setTimeout(() => reject(new Error('permission page did not close')), 8000)),
    ]);
  });

  it('when camera and microphone are blocked, the panel says how to unblock and still lets the reader listen', async () => {
    const panel = await reader.openPanel();
    const cdp = await reader.context.newCDPSession(panel);
    const origin = `chrome-extension://${reader.extensionId}`;
    for (const name of ['camera', 'microphone']) {
      await cdp.send('Browser.setPermission', { permission: { name }, setting: 'denied', origin });
    }
    await signUp(panel, newAccount('Blocked'));
    await panel.getByTestId('nav-room').click();
    await panel.getByTestId('create-room').click();
    const problem = panel.getByTestId('perm-problem');
    await problem.waitFor({ timeout: 10_000 });
    expect(await problem.getAttribute('data-problem')).toBe('denied');
    expect(await problem.textContent()).toContain('chrome://settings/content/camera');
    await panel.getByTestId('listen-only').click();
    await panel.getByTestId('call').waitFor({ timeout: 10_000 });
    // Listening only: no local video, and the toggle for it is disabled.
    expect(await panel.getByTestId('toggle-camera').isDisabled()).toBe(true);
    await cdp.detach();
  });

  it('while permission is still to be asked, the panel offers the permission tab and picks the grant up live', async () => {
    const panel = await reader.openPanel();
    const cdp = await reader.context.newCDPSession(panel);
    const origin = `chrome-extension://${reader.extensionId}`;
    const set = async (setting: 'prompt' | 'granted') => {
      for (const name of ['camera', 'microphone'])
        await cdp.send('Browser.setPermission', { permission: { name }, setting, origin });
    };
    await set('prompt');
    await panel.getByTestId('nav-room').click();
    await panel.getByTestId('create-room').click();
    await panel.getByTestId('perm-needed').waitFor({ timeout: 10_000 });
    expect(await panel.getByTestId('join-now').isDisabled()).toBe(true);
    // Granted elsewhere (the permission tab): no click in the panel needed.
    await set('granted');
    await panel.getByTestId('perm-needed').waitFor({ state: 'detached', timeout: 10_000 });
    await panel.waitForFunction(
      () => !(document.querySelector('[data-testid="join-now"]') as HTMLButtonElement | null)?.disabled,
      null,
      { timeout: 10_000 },
    );
    await cdp.detach();
  });
});
