import type { Input, MessageSchemas, Output } from './define-protocol';

/**
 * The sending half of a protocol without its schemas: content scripts send through this, so Zod stays out
 * of their bundle. The receiver parses every message with the protocol's schemas, as always; the replies
 * come from the extension's own background, whose output the protocol types describe.
 */
type Runtime = { sendMessage(message: unknown): Promise<unknown> };

export function protocolSender<S extends MessageSchemas>(protocol: string) {
  const runtime = globalThis as { browser?: { runtime: Runtime }; chrome?: { runtime: Runtime } };
  return async function send<K extends keyof S & string>(type: K, data: Input<S, K>): Promise<Output<S, K>> {
    const api = runtime.browser?.runtime ?? runtime.chrome?.runtime;
    if (!api) throw new Error('no extension runtime');
    const reply = (await api.sendMessage({ protocol, type, data })) as
      | { ok: boolean; value?: unknown; error?: string }
      | undefined;
    if (!reply) throw new Error(`${protocol}.${type}: no receiver answered`);
    if (!reply.ok) throw new Error(`${protocol}.${type}: ${reply.error ?? 'failed'}`);
    return reply.value as Output<S, K>;
  };
}
