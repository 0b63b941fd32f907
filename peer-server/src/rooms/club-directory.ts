import { randomUUID } from 'node:crypto';
import { deleteApp, initializeApp } from 'firebase-admin/app';
import { getFirestore } from 'firebase-admin/firestore';
import { isRoomCode } from '../../../shared/room-code';
import { ApiError } from '../errors';
import type { Logger } from '../logger';

/** What the room server needs to know about a reader in a club: the club's room code and the reader's role. */
export type ClubMembership = { clubId: string; roomCode: string; name: string | null; host: boolean };

/**
 * Club facts from Firestore (D's `clubs/{clubId}` and `clubs/{clubId}/members/{uid}`; a member document exists
 * if and only if the reader is an active member). `membership` throws ApiError `club_not_found` (no club, or no
 * valid room code) or `not_a_member`.
 */
export type ClubDirectory = {
  membership(clubId: string, uid: string): Promise<ClubMembership>;
  /** The club whose standing room code is `code`, or null (asked only when a room is restored after a restart). */
  clubForCode(code: string): Promise<string | null>;
  close(): Promise<void>;
};

/** Decide from the two documents' data (undefined = the document does not exist). Pure, for tests. */
export function membershipFrom(
  clubId: string,
  uid: string,
  club: Record<string, unknown> | undefined,
  member: Record<string, unknown> | undefined,
): ClubMembership {
  const roomCode = club?.roomCode;
  if (!club || typeof roomCode !== 'string' || !isRoomCode(roomCode)) {
    throw new ApiError('club_not_found', 'There is no such club, or it has no room yet.');
  }
  if (!member) throw new ApiError('not_a_member', "Only the club's members can join its room.");
  const coHosts = Array.isArray(club.coHostUids) ? club.coHostUids : [];
  // The club document says who leads (shared/schemas/club.ts roleIn); the member documents follow it.
  const host = club.hostUid === uid || coHosts.includes(uid);
  const name = typeof club.name === 'string' ? club.name : null;
  return { clubId, roomCode, name, host };
}

/**
 * The directory over firebase-admin Firestore (FIRESTORE_EMULATOR_HOST in tests and local runs; the service
 * account in production). Rules do not apply to admin reads: it reads exactly the club and one member document,
 * in one round trip. The app is created on first use, so a server that never sees a club room never starts it.
 */
export function firestoreClubDirectory(projectId: string, logger?: Logger): ClubDirectory {
  let app: ReturnType<typeof initializeApp> | null = null;
  const db = () => {
    app ??= initializeApp({ projectId }, `chaekbang-clubs-${randomUUID()}`);
    return getFirestore(app);
  };
  return {
    async membership(clubId, uid) {
      let club: Record<string, unknown> | undefined;
      let member: Record<string, unknown> | undefined;
      try {
        const store = db();
        const clubRef = store.collection('clubs').doc(clubId);
        const [clubSnap, memberSnap] = await store.getAll(clubRef, clubRef.collection('members').doc(uid));
        club = clubSnap?.exists ? clubSnap.data() : undefined;
        member = memberSnap?.exists ? memberSnap.data() : undefined;
      } catch (error) {
        logger?.warn('club membership could not be read', { clubId, error: (error as Error).message });
        throw new ApiError('internal', 'Could not check your club membership just now; try again.');
      }
      return membershipFrom(clubId, uid, club, member);
    },
    async clubForCode(code) {
      try {
        const snap = await db().collection('clubs').where('roomCode', '==', code).limit(1).get();
        return snap.docs[0]?.id ?? null;
      } catch (error) {
        logger?.warn('club room code could not be looked up', { error: (error as Error).message });
        throw new ApiError('internal', 'Could not check this room just now; try again.');
      }
    },
    async close() {
      if (app) await deleteApp(app);
      app = null;
    },
  };
}
