import type { Page } from 'playwright-core';

type CdpNode = { nodeId: number; backendNodeId: number; nodeName: string; attributes?: string[]; children?: CdpNode[]; shadowRoots?: CdpNode[]; contentDocument?: CdpNode };

function findNode(node: CdpNode, predicate: (attrs: Record<string, string>, node: CdpNode) => boolean): CdpNode | null {
  const attrs: Record<string, string> = {};
  for (let i = 0; i + 1 < (node.attributes?.length ?? 0); i += 2) attrs[node.attributes![i]!] = node.attributes![i + 1]!;
  if (predicate(attrs, node)) return node;
  for (const child of [...(node.shadowRoots ?? []), ...(node.children ?? []), ...(node.contentDocument ? [node.contentDocument] : [])]) {
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
    const { model } = (await cdp.send('DOM.getBoxModel', { backendNodeId: node.backendNodeId })) as { model: { content: number[] } };
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
    const { targetInfos } = (await cdp.send('Target.getTargets')) as { targetInfos: { type: string; url: string; targetId: string }[] };
    return targetInfos;
  } finally {
    await cdp.detach().catch(() => {});
  }
}
