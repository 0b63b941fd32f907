import { type JoinOptions, joinRequest } from '../../extension/features/room/join-request';

/**
 * The web room's join request, sent the moment Join is pressed and the guest is signed in, while the call's code
 * (PeerJS, zod, the room engine: ~95 ms of compile and evaluation on a busy 2-core machine) is still loading. The room
 * engine then makes its own join through the rooms client as always; the client's fetch (`withEarlyJoin`) hands it
 * this answer when its request is the same one (same URL, same body), so nothing is joined twice and the engine's
 * parsing, errors and retries stay the only ones. A request that differs (a rejoin grant the engine adds) goes out as
 * usual; an early answer nobody takes costs nothing (the same member joining again only updates the seat).
 */
export type EarlyJoin = { url: string; body: string; response: Promise<Response> };

export function sendEarlyJoin(baseUrl: string, code: string, token: string, options: JoinOptions): EarlyJoin {
  const { url, body } = joinRequest(baseUrl, code, options);
  const response = fetch(url, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body,
  });
  // Read by the engine, or by nobody: never an unhandled rejection.
  response.catch(() => {});
  return { url, body, response };
}

/** A fetch that answers the first request identical to `early`'s with its response, and sends everything else. */
export function withEarlyJoin(early: EarlyJoin | null, fetchImpl: typeof fetch = fetch): typeof fetch {
  let pending = early;
  return (input, init) => {
    const same =
      pending !== null &&
      typeof input === 'string' &&
      input === pending.url &&
      init?.method === 'POST' &&
      init.body === pending.body;
    if (same && pending) {
      const { response } = pending;
      pending = null;
      return response;
    }
    return fetchImpl(input, init);
  };
}
