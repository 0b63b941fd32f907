import type { User } from 'firebase/auth/web-extension';
import { useEffect, useState } from 'preact/hooks';
import { config } from '../../data/config';
import { RoomSession, type RoomSnapshot, type SelfInfo } from './room-session';
import { createRoomsClient } from './rooms-client';

/**
 * The panel's one live room, kept outside any view so switching tabs (room ↔ shelf) never ends a call.
 */
type Current = { session: RoomSession; stream: MediaStream } | null;
let current: Current = null;
const watchers = new Set<(c: Current) => void>();
const notify = () => {
  for (const w of watchers) w(current);
};

export function roomsClientFor(user: User) {
  return createRoomsClient(config.peerServerUrl, () => user.getIdToken());
}

export async function enterRoom(user: User, self: SelfInfo, stream: MediaStream, code: string, passcode?: string) {
  await leaveRoom();
  const session = new RoomSession({ rooms: roomsClientFor(user), self, localStream: stream });
  current = { session, stream };
  notify();
  try {
    await session.join(code, passcode);
  } catch (err) {
    for (const track of stream.getTracks()) track.stop();
    current = null;
    notify();
    throw err;
  }
}

export async function leaveRoom() {
  const c = current;
  if (!c) return;
  current = null;
  notify();
  await c.session.leave();
  for (const track of c.stream.getTracks()) track.stop();
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
