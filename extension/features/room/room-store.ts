import type { User } from 'firebase/auth/web-extension';
import type Peer from 'peerjs';
import { useEffect, useState } from 'preact/hooks';
import { config } from '../../data/config';
import { loadCallSettings } from './call-settings';
import { watchLocalCamera } from './camera-recovery';
import { forgetRoomForRejoin, rememberRoomForRejoin } from './last-room';
import type { RoomSession, RoomSessionDeps, RoomSnapshot, SelfInfo } from './room-session';
import { createRoomsClient } from './rooms-client';

/**
 * The panel's one live room, kept outside any view so switching tabs (room ↔ shelf) never ends a call.
 * The app shell reads it on every open (useCurrentRoom), so this module stays light: the room engine,
 * PeerJS and Firestore are loaded when a room is prepared (the pre-join screen), not before the first paint.
 */
type RoomUser = Pick<User, 'uid' | 'getIdToken'>;
type Current = { session: RoomSession; stream: MediaStream; uid: string; user: RoomUser } | null;
let current: Current = null;
const watchers = new Set<(c: Current) => void>();
const notify = () => {
  for (const w of watchers) w(current);
};

/** `fetchImpl`: the web room's, which hands the engine an answer its page already asked for (early-join.ts). */
export function roomsClientFor(user: Pick<User, 'getIdToken'>, fetchImpl?: typeof fetch) {
  return createRoomsClient(config.peerServerUrl, () => user.getIdToken(), fetchImpl);
}

/**
 * The pre-join screen opens the signaling socket ahead of the click (the peer id is the reader's uid), so
 * joining costs only the rooms API call and the calls themselves.
 */
let warm: { uid: string; code: string; peer: Promise<Peer | null> } | null = null;

/** The room engine and PeerJS (own chunks); the pre-join screen starts loading them. */
let engine: Promise<[typeof import('./room-session'), typeof import('peerjs')]> | null = null;
export function loadRoomEngine() {
  engine ??= Promise.all([import('./room-session'), import('peerjs')]).catch((err: unknown) => {
    engine = null;
    throw err;
  });
  return engine;
}

/** `code`: the room on the pre-join screen; the socket's URL carries it (a load balancer routes on it). */
export function prewarmPeer(user: Pick<User, 'uid' | 'getIdToken'>, code: string) {
  if (warm?.uid === user.uid && warm.code === code) return;
  discardWarmPeer();
  const client = roomsClientFor(user);
  const peer = Promise.all([client.peerOptions(code), loadRoomEngine()])
    .then(([options, [, { default: Peer }]]) => {
      const p = new Peer(user.uid, { ...options, config: { iceServers: [] }, debug: 0 });
      p.on('error', () => {});
      return p;
    })
    .catch(() => null);
  warm = { uid: user.uid, code, peer };
}

export function discardWarmPeer() {
  const w = warm;
  warm = null;
  w?.peer.then((p) => p?.destroy());
}

async function takeWarmPeer(uid: string): Promise<Peer | null> {
  const w = warm;
  warm = null;
  if (!w) return null;
  const peer = await w.peer;
  if (w.uid === uid) return peer;
  peer?.destroy();
  return null;
}

export async function enterRoom(
  user: Pick<User, 'uid' | 'getIdToken'>,
  self: SelfInfo,
  stream: MediaStream,
  code: string,
  passcode?: string,
  /** Tests replace the rooms API, PeerJS and the level source. */
  deps: Partial<RoomSessionDeps> = {},
) {
  await leaveRoom();
  const [warmPeer, [{ RoomSession }], levels, callSettings] = await Promise.all([
    takeWarmPeer(user.uid),
    loadRoomEngine(),
    deps.levels ??
      Promise.all([import('./member-levels'), import('../../data/firebase-app')]).then(([{ memberLevels }, { firebase }]) =>
        memberLevels(firebase().db),
      ),
    loadCallSettings(),
  ]);
  const session = new RoomSession({
    rooms: deps.rooms ?? roomsClientFor(user),
    self,
    localStream: stream,
    warmPeer,
    levels,
    relayOnly: callSettings.alwaysRelay,
    ...deps,
  });
  current = { session, stream, uid: user.uid, user };
  notify();
  watchLocalCamera(session, stream);
  rememberRoomForRejoin(session, { uid: user.uid });
  try {
    await session.join(code, passcode);
  } catch (err) {
    for (const track of stream.getTracks()) track.stop();
    current = null;
    notify();
    throw err;
  }
}

/** Leave the room: goodbye to everyone, connections and signaling closed, every camera/mic track stopped. */
export async function leaveRoom() {
  const c = current;
  if (!c) return;
  // A planned exit: no "rejoin" offer for this room (forgotten before the lobby shows and looks for one).
  forgetRoomForRejoin();
  current = null;
  notify();
  // Stop the camera and microphone first: whatever the server says, nothing more leaves this machine.
  for (const track of c.stream.getTracks()) track.stop();
  await c.session.leave();
}

/**
 * The call belongs to the reader who joined it. When the panel's sign-in ends for any reason (signing out,
 * a revoked token, a deleted account) or another reader signs in, the call ends with it.
 */
export async function endRoomUnlessSignedInAs(uid: string | null): Promise<void> {
  if (current && current.uid !== uid) await leaveRoom();
  if (uid === null || warm?.uid !== uid) discardWarmPeer();
}

export function currentRoom(): Current {
  return current;
}

/**
 * Who joined the live room: its requests to the rooms API (the room's info, its sync) go with this reader's token.
 * In the panel that is the signed-in reader (the call ends with their session); in the web room, the guest, whose
 * session the Firebase Auth SDK may not have loaded yet.
 */
export function roomUser(): RoomUser | null {
  return current?.user ?? null;
}

export function useCurrentRoom(): Current {
  const [value, setValue] = useState<Current>(current);
  useEffect(() => {
    watchers.add(setValue);
    setValue(current);
    return () => {
      watchers.delete(setValue);
    };
  }, []);
  return value;
}

export function useRoomSnapshot(session: RoomSession | null): RoomSnapshot | null {
  const [snap, setSnap] = useState<RoomSnapshot | null>(session?.snapshot ?? null);
  useEffect(() => (session ? session.subscribe(setSnap) : undefined), [session]);
  return session ? snap : null;
}
