import { type Browser, browser } from 'wxt/browser';
import type * as z from 'zod/mini';

/**
 * A typed, validated message protocol with exactly one receiver (the pattern of @webext-core/messaging):
 * each message name maps to an input and an output zod schema. Senders get typed results; the receiver
 * parses every input before a handler sees it, so a malformed or forged message never reaches code.
 */
export type MessageSchemas = Record<string, { input: z.ZodMiniType; output: z.ZodMiniType }>;
export type Input<S extends MessageSchemas, K extends keyof S> = z.input<S[K]['input']>;
type Parsed<S extends MessageSchemas, K extends keyof S> = z.output<S[K]['input']>;
export type Output<S extends MessageSchemas, K extends keyof S> = z.output<S[K]['output']>;
export type Sender = Browser.runtime.MessageSender;

export type Handlers<S extends MessageSchemas> = {
  [K in keyof S]: (data: Parsed<S, K>, sender: Sender) => Output<S, K> | Promise<Output<S, K>>;
};

type Envelope = { protocol: string; type: string; data: unknown };
type Reply = { ok: true; value: unknown } | { ok: false; error: string };

export class MessagingError extends Error {
  override name = 'MessagingError';
}

export function defineProtocol<S extends MessageSchemas>(protocol: string, schemas: S) {
  const isEnvelope = (msg: unknown): msg is Envelope =>
    typeof msg === 'object' &&
    msg !== null &&
    (msg as Envelope).protocol === protocol &&
    typeof (msg as Envelope).type === 'string';

  async function deliver<K extends keyof S & string>(type: K, data: Input<S, K>, tabId?: number): Promise<Output<S, K>> {
    const envelope: Envelope = { protocol, type, data };
    const reply = (
      tabId === undefined ? await browser.runtime.sendMessage(envelope) : await browser.tabs.sendMessage(tabId, envelope)
    ) as Reply | undefined;
    if (!reply) throw new MessagingError(`${protocol}.${type}: no receiver answered`);
    if (!reply.ok) throw new MessagingError(`${protocol}.${type}: ${reply.error}`);
    return schemas[type]!.output.parse(reply.value) as Output<S, K>;
  }

  /** Handle a raw message: exported for tests, used by `handle`. Never throws. */
  async function dispatch(handlers: Handlers<S>, msg: Envelope, sender: Sender): Promise<Reply> {
    const schema = Object.hasOwn(schemas, msg.type) ? schemas[msg.type] : undefined;
    if (!schema) return { ok: false, error: `unknown message "${String(msg.type).slice(0, 40)}"` };
    const parsed = schema.input.safeParse(msg.data);
    if (!parsed.success) return { ok: false, error: `invalid ${msg.type}: ${parsed.error.issues[0]?.message ?? 'bad input'}` };
    try {
      const value = await handlers[msg.type as keyof S](parsed.data as never, sender);
      return { ok: true, value: value ?? null };
    } catch (err) {
      return { ok: false, error: err instanceof Error ? err.message : String(err) };
    }
  }

  return {
    protocol,
    /** Send to the receiver running in the extension (background or side panel). */
    send: <K extends keyof S & string>(type: K, data: Input<S, K>) => deliver(type, data),
    /** Send to the content script of one tab. */
    sendToTab: <K extends keyof S & string>(tabId: number, type: K, data: Input<S, K>) => deliver(type, data, tabId),
    dispatch,
    /** Register the one receiver of this protocol. Returns a function that removes it. */
    handle(handlers: Handlers<S>): () => void {
      const listener = (msg: unknown, sender: Sender) => (isEnvelope(msg) ? dispatch(handlers, msg, sender) : undefined);
      browser.runtime.onMessage.addListener(listener);
      return () => browser.runtime.onMessage.removeListener(listener);
    },
  };
}
