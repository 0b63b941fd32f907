import { collection, deleteField, doc, type Firestore, getDocs, serverTimestamp, writeBatch } from 'firebase/firestore';
import { z } from 'zod';
import { InterestIdSchema } from '../../shared/categories';
import { PROFILE_LIMITS, type UserProfile, UserProfileSchema } from '../../shared/schemas/user-profile';
import { publicStatsRef, statsRef } from './stats-repository';
import { detailsRef } from './users-repository';

/** Batches stay well under Firestore's 500 writes. */
const BATCH = 400;

/**
 * Delete everything a reader owns in Firestore: stats (summary and public level), profile details, the
 * public reading summaries, marathon rows, shelf and profile (account deletion; the Auth user is deleted by the caller
 * afterwards). The stats and reading summaries go first, in the same batch as the first shelf entries:
 * the rules then let the remaining entries go without bookkeeping. The shared books/{isbn13} records
 * stay (other readers rely on them; they hold no personal data but the creator's uid, which points at
 * nothing once the account is gone).
 */
export async function deleteAccountData(db: Firestore, uid: string): Promise<{ shelfEntries: number }> {
  const [shelf, reading, marathons] = await Promise.all([
    getDocs(collection(db, 'users', uid, 'shelf')),
    getDocs(collection(db, 'users', uid, 'reading')),
    getDocs(collection(db, 'users', uid, 'marathons')),
  ]);
  // Reading marathons: the reader's leaderboard rows (name and totals) and their own list. Their page logs
  // stay (append-only; readable only by their author, so by nobody once the account is gone).
  const marathonRows = marathons.docs.flatMap((d) => [doc(db, 'marathons', d.id, 'participants', uid), d.ref]);
  const first = [
    statsRef(db, uid),
    publicStatsRef(db, uid),
    detailsRef(db, uid),
    ...reading.docs.map((d) => d.ref),
    ...marathonRows,
  ];
  const refs = [...first, ...shelf.docs.map((d) => d.ref)];
  do {
    const batch = writeBatch(db);
    for (const ref of refs.splice(0, BATCH)) batch.delete(ref);
    if (refs.length === 0) batch.delete(doc(db, 'users', uid));
    await batch.commit();
  } while (refs.length > 0);
  return { shelfEntries: shelf.size };
}

export type ProfilePatch = Partial<
  Pick<UserProfile, 'displayName' | 'photoUrl' | 'bio' | 'interests' | 'visibility' | 'showReading'>
>;

/** Profile editor fields, validated with the same schema as the stored profile. */
export const ProfilePatchSchema = UserProfileSchema.pick({
  displayName: true,
  photoUrl: true,
  bio: true,
  visibility: true,
  showReading: true,
}).extend({ interests: z.array(InterestIdSchema).max(PROFILE_LIMITS.interests).optional() });

const defined = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

/**
 * Update the reader's own profile in one batch (queues offline like every other write): name, photo,
 * visibility and showReading in users/{uid}; bio and interests in users/{uid}/profile/details, and never
 * again in users/{uid} (a profile from before the split sheds them there).
 */
export async function updateProfile(db: Firestore, uid: string, patch: ProfilePatch): Promise<void> {
  const { bio, interests, ...tile } = ProfilePatchSchema.partial().parse(patch);
  const batch = writeBatch(db);
  batch.update(doc(db, 'users', uid), {
    ...defined(tile),
    bio: deleteField(),
    interests: deleteField(),
    updatedAt: serverTimestamp(),
  });
  const details = defined({ bio, interests });
  if (Object.keys(details).length > 0) {
    batch.set(detailsRef(db, uid), { ...details, updatedAt: serverTimestamp() }, { merge: true });
  }
  await batch.commit();
}
