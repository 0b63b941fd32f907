import { collection, doc, type Firestore, getDocs, serverTimestamp, updateDoc, writeBatch } from 'firebase/firestore';
import { z } from 'zod';
import { InterestIdSchema } from '../../shared/categories';
import { PROFILE_LIMITS, type UserProfile, UserProfileSchema } from '../../shared/schemas/user-profile';
import { statsRef } from './stats-repository';

/** Batches stay well under Firestore's 500 writes. */
const BATCH = 400;

/**
 * Delete everything a reader owns in Firestore: stats, shelf and profile (account deletion; the Auth
 * user is deleted by the caller afterwards). The stats go first, in the same batch as the first shelf
 * entries: the rules then let the remaining entries go without stats bookkeeping. The shared
 * books/{isbn13} records stay (other readers rely on them; they hold no personal data but the creator's
 * uid, which points at nothing once the account is gone).
 */
export async function deleteAccountData(db: Firestore, uid: string): Promise<{ shelfEntries: number }> {
  const shelf = await getDocs(collection(db, 'users', uid, 'shelf'));
  const refs = shelf.docs.map((d) => d.ref);
  let first = true;
  do {
    const batch = writeBatch(db);
    if (first) batch.delete(statsRef(db, uid));
    for (const ref of refs.splice(0, BATCH)) batch.delete(ref);
    if (refs.length === 0) batch.delete(doc(db, 'users', uid));
    await batch.commit();
    first = false;
  } while (refs.length > 0);
  return { shelfEntries: shelf.size };
}

export type ProfilePatch = Partial<Pick<UserProfile, 'displayName' | 'photoUrl' | 'bio' | 'interests' | 'visibility'>>;

/** Profile editor fields, validated with the same schema as the stored profile. */
export const ProfilePatchSchema = UserProfileSchema.pick({
  displayName: true,
  photoUrl: true,
  bio: true,
  visibility: true,
}).extend({ interests: z.array(InterestIdSchema).max(PROFILE_LIMITS.interests).optional() });

/** Update the reader's own profile (users/{uid}); queues offline like every other write. */
export async function updateProfile(db: Firestore, uid: string, patch: ProfilePatch): Promise<void> {
  const valid = ProfilePatchSchema.partial().parse(patch);
  const fields = Object.fromEntries(Object.entries(valid).filter(([, v]) => v !== undefined));
  await updateDoc(doc(db, 'users', uid), { ...fields, updatedAt: serverTimestamp() });
}
