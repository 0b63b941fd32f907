import { collection, doc, type Firestore, getDocs, writeBatch } from 'firebase/firestore';
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
