import type { Page } from 'playwright-core';

type CdpNode = {
  nodeId: number;
  backendNodeId: number;
  nodeName: string;
  attributes?: string[];
  children?: CdpNode[];
  shadowRoots?: CdpNode[];
  contentDocument?: CdpNode;
};

function findNode(node: CdpNode, predicate: (attrs: Record<string, string>, node: CdpNode) => boolean): CdpNode | null {
  const attrs: Record<string, string> = {};
  for (let i = 0; i + 1 < (node.attributes?.length ?? 0); i += 2) attrs[node.attributes![i]!] = node.attributes![i + 1]!;
  if (predicate(attrs, node)) return node;
  for (const child of [
    ...(node.shadowRoots ?? []),
    ...(node.children ?? []),
    ...(node.contentDocument ? [node.contentDocument] : []),
  ]) {
    const hit = findNode(child, predicate);
    if (hit) return hit;
  }
  return null;
}

/**
 * Click a button inside the chip's closed shadow root the way a person does: find it through CDP's
 * shadow-piercing DOM view and click its centre with a real (trusted) mouse event.
 */
export async function clickChipButton(page: Page, action: 'share' | 'shelf') {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: CdpNode };
    const node = findNode(root, (a, n) => n.nodeName === 'BUTTON' && a['data-action'] === action);
    if (!node) throw new Error(`chip button "${action}" not found`);
    const { model } = (await cdp.send('DOM.getBoxModel', { backendNodeId: node.backendNodeId })) as {
      model: { content: number[] };
    };
    const [x1, y1, , , x3, y3] = model.content as [number, number, number, number, number, number];
    await page.mouse.click((x1 + x3) / 2, (y1 + y3) / 2);
  } finally {
    await cdp.detach().catch(() => {});
  }
}

/** Text of the chip (title, status) from its closed shadow root. */
export async function chipText(page: Page): Promise<string> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: CdpNode };
    const host = findNode(root, (a) => a['data-chaekbang'] === 'chip');
    if (!host) return '';
    const texts: string[] = [];
    const walk = (n: CdpNode) => {
      if (n.nodeName === 'STYLE') return;
      if (n.nodeName === '#text') texts.push((n as unknown as { nodeValue: string }).nodeValue);
      for (const c of [...(n.shadowRoots ?? []), ...(n.children ?? [])]) walk(c);
    };
    walk(host);
    return texts.join(' ');
  } finally {
    await cdp.detach().catch(() => {});
  }
}

/** Extension targets Chromium has open (the real side panel shows up here, not in context.pages()). */
export async function listTargets(page: Page): Promise<{ type: string; url: string; targetId: string }[]> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { targetInfos } = (await cdp.send('Target.getTargets')) as {
      targetInfos: { type: string; url: string; targetId: string }[];
    };
    return targetInfos;
  } finally {
    await cdp.detach().catch(() => {});
  }
}

/**
 * Drive the real side panel (not the panel page in a tab): attach to its CDP target through a page's
 * session and evaluate expressions in it. Playwright does not list the side panel among context.pages().
 */
export async function attachToSidePanel(page: Page, timeoutMs = 10_000) {
  const cdp = await page.context().newCDPSession(page);
  const started = Date.now();
  let targetId: string | undefined;
  while (!targetId) {
    const { targetInfos } = (await cdp.send('Target.getTargets')) as {
      targetInfos: { type: string; url: string; targetId: string; attached: boolean }[];
    };
    // The side panel is the sidepanel.html target no tab of Playwright's owns (those are attached).
    targetId = targetInfos.find((t) => t.url.endsWith('/sidepanel.html') && !t.attached)?.targetId;
    if (!targetId) {
      if (Date.now() - started > timeoutMs) throw new Error('the side panel did not open');
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  const { sessionId } = (await cdp.send('Target.attachToTarget', { targetId, flatten: false })) as { sessionId: string };
  let nextId = 1;
  const waiting = new Map<
    number,
    (msg: { result?: { result?: { value?: unknown }; exceptionDetails?: unknown }; error?: unknown }) => void
  >();
  cdp.on('Target.receivedMessageFromTarget', (event: { sessionId: string; message: string }) => {
    if (event.sessionId !== sessionId) return;
    const msg = JSON.parse(event.message) as { id?: number };
    if (msg.id !== undefined) waiting.get(msg.id)?.(msg as never);
  });
  async function evaluate<T>(expression: string): Promise<T> {
    const id = nextId++;
    const reply = new Promise<{ result?: { result?: { value?: unknown }; exceptionDetails?: unknown }; error?: unknown }>(
      (resolve) => waiting.set(id, resolve),
    );
    await cdp.send('Target.sendMessageToTarget', {
      sessionId,
      message: JSON.stringify({
        id,
        method: 'Runtime.evaluate',
        params: { expression, awaitPromise: true, returnByValue: true, userGesture: true },
      }),
    });
    const msg = await reply;
    waiting.delete(id);
    if (msg.error || msg.result?.exceptionDetails)
      throw new Error(`side panel evaluate failed: ${JSON.stringify(msg.error ?? msg.result?.exceptionDetails)}`);
    return msg.result?.result?.value as T;
  }
  async function waitFor(expression: string, timeout = 15_000): Promise<void> {
    const t0 = Date.now();
    while (!(await evaluate<boolean>(`Boolean(${expression})`))) {
      if (Date.now() - t0 > timeout) throw new Error(`side panel: timed out waiting for ${expression}`);
      await new Promise((r) => setTimeout(r, 150));
    }
  }
  return { evaluate, waitFor, detach: () => cdp.detach().catch(() => {}) };
}
