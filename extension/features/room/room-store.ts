import type { User } from 'firebase/auth/web-extension';
import Peer from 'peerjs';
import { useEffect, useState } from 'preact/hooks';
import { config } from '../../data/config';
import { firebase } from '../../data/firebase-app';
import { watchLocalCamera } from './camera-recovery';
import { forgetRoomForRejoin, rememberRoomForRejoin } from './last-room';
import { memberLevels } from './member-levels';
import { RoomSession, type RoomSessionDeps, type RoomSnapshot, type SelfInfo } from './room-session';
import { createRoomsClient } from './rooms-client';

/**
 * The panel's one live room, kept outside any view so switching tabs (room ↔ shelf) never ends a call.
 */
type Current = { session: RoomSession; stream: MediaStream; uid: string } | null;
let current: Current = null;
const watchers = new Set<(c: Current) => void>();
const notify = () => {
  for (const w of watchers) w(current);
};

export function roomsClientFor(user: Pick<User, 'getIdToken'>) {
  return createRoomsClient(config.peerServerUrl, () => user.getIdToken());
}

/**
 * The pre-join screen opens the signaling socket ahead of the click (the peer id is the reader's uid), so
 * joining costs only the rooms API call and the calls themselves.
 */
let warm: { uid: string; peer: Promise<Peer | null> } | null = null;

export function prewarmPeer(user: User) {
  if (warm?.uid === user.uid) return;
  discardWarmPeer();
  const client = roomsClientFor(user);
  const peer = client
    .peerOptions()
    .then((options) => {
      const p = new Peer(user.uid, { ...options, config: { iceServers: [] }, debug: 0 });
      p.on('error', () => {});
      return p;
    })
    .catch(() => null);
  warm = { uid: user.uid, peer };
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
  const warmPeer = await takeWarmPeer(user.uid);
  const session = new RoomSession({
    rooms: deps.rooms ?? roomsClientFor(user),
    self,
    localStream: stream,
    warmPeer,
    levels: deps.levels ?? memberLevels(firebase().db),
    ...deps,
  });
  current = { session, stream, uid: user.uid };
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
