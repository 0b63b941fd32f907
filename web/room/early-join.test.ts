import { describe, expect, it } from 'vitest';
import { createRoomsClient, RoomsApiError } from '../../extension/features/room/rooms-client';
import { type EarlyJoin, withEarlyJoin } from './early-join';

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const room = { code: 'ABC234', name: null, capacity: 6, memberCount: 1, hasPasscode: true, createdAt: 1 };
const self = {
  uid: 'g1',
  peerId: 'g1',
  displayName: '손님',
  badge: null,
  level: null,
  joinedAt: 1,
  connected: false,
  guest: true,
};
const joined = (grant: string) =>
  json(200, { room, members: [self], self, ice: { iceServers: [], expiresAt: null }, restoreTicket: null, rejoinGrant: grant });

/** An early join as sendEarlyJoin makes it, with its answer given. */
function early(body: Record<string, unknown>, response: Promise<Response>): EarlyJoin {
  return { url: 'http://x/api/rooms/ABC234/join', body: JSON.stringify(body), response };
}

/** The network behind the early join: every request that reaches it. */
function network(answer: () => Response) {
  const seen: { url: string; method: string | undefined; body: unknown }[] = [];
  const fetchImpl: typeof fetch = async (url, init) => {
    seen.push({ url: String(url), method: init?.method, body: init?.body ? JSON.parse(String(init.body)) : null });
    return answer();
  };
  return { seen, fetchImpl };
}

describe("the web room's early join", () => {
  it("gives the room engine's identical join its answer, once, and sends the rest", async () => {
    const net = network(() => joined('from.network'));
    const client = createRoomsClient(
      'http://x',
      async () => 't',
      withEarlyJoin(early({ displayName: '손님', passcode: 'pw-1' }, Promise.resolve(joined('from.early'))), net.fetchImpl),
    );
    const first = await client.join('ABC234', { displayName: '손님', level: null, passcode: 'pw-1' });
    expect(first.rejoinGrant).toBe('from.early');
    expect(net.seen).toEqual([]);
    // Used up: the same join again goes out.
    const again = await client.join('ABC234', { displayName: '손님', level: null, passcode: 'pw-1' });
    expect(again.rejoinGrant).toBe('from.network');
    expect(net.seen).toHaveLength(1);
  });

  it('sends a join that differs (another passcode, a rejoin grant) and never hands it the early answer', async () => {
    const net = network(() => joined('from.network'));
    const client = createRoomsClient(
      'http://x',
      async () => 't',
      withEarlyJoin(early({ displayName: '손님', passcode: 'pw-1' }, Promise.resolve(joined('from.early'))), net.fetchImpl),
    );
    const other = await client.join('ABC234', { displayName: '손님', level: null, passcode: 'pw-2' });
    expect(other.rejoinGrant).toBe('from.network');
    const granted = await client.join('ABC234', { displayName: '손님', level: null, passcode: 'pw-1', rejoinGrant: 'g' });
    expect(granted.rejoinGrant).toBe('from.network');
    expect(net.seen.map((s) => s.body)).toEqual([
      { displayName: '손님', passcode: 'pw-2' },
      { displayName: '손님', passcode: 'pw-1', rejoinGrant: 'g' },
    ]);
    // Other requests of the client pass through untouched.
    await client.leave('ABC234').catch(() => {});
    expect(net.seen.at(-1)).toMatchObject({ url: 'http://x/api/rooms/ABC234/leave', method: 'POST' });
  });

  it("an early answer that refuses (wrong passcode) or fails (offline) is the engine's, with the client's errors", async () => {
    const net = network(() => joined('from.network'));
    const refused = createRoomsClient(
      'http://x',
      async () => 't',
      withEarlyJoin(
        early({ displayName: '손님' }, Promise.resolve(json(403, { error: { code: 'wrong_passcode', message: 'no' } }))),
        net.fetchImpl,
      ),
    );
    await expect(refused.join('ABC234', { displayName: '손님', level: null })).rejects.toMatchObject({ code: 'wrong_passcode' });
    const offline = createRoomsClient(
      'http://x',
      async () => 't',
      withEarlyJoin(early({ displayName: '손님' }, Promise.reject(new TypeError('Failed to fetch'))), net.fetchImpl),
    );
    const err = await offline.join('ABC234', { displayName: '손님', level: null }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RoomsApiError);
    expect((err as RoomsApiError).code).toBe('server_unreachable');
    expect(net.seen).toEqual([]);
  });
});
