import { collection, type Firestore, getDocs, query, where, writeBatch } from 'firebase/firestore';
import { ShelfEntrySchema } from '../../shared/schemas/shelf-entry';
import { readingFields, readingRef } from './reading-repository';
import { ensurePublicStats } from './stats-repository';
import { timestampsToDates } from './timestamps';
import { usersRepository } from './users-repository';

/**
 * Bring a reader's documents from before the privacy split to the current shape (run by their own client
 * once per session, at sign-in; every step is a no-op once done):
 *   1. bio and interests move from users/{uid} to users/{uid}/profile/details;
 *   2. users/{uid}/stats/public is created equal to the summary;
 *   3. every shelf entry with status "reading" gets its public reading summary.
 * Failures are reported and retried next session; nothing here blocks the reader.
 */
export async function migrateReaderData(db: Firestore, uid: string): Promise<void> {
  const steps = await Promise.allSettled([
    usersRepository(db).migrate(uid),
    ensurePublicStats(db, uid),
    (async () => {
      const [reading, published] = await Promise.all([
        getDocs(query(collection(db, 'users', uid, 'shelf'), where('status', '==', 'reading'))),
        getDocs(collection(db, 'users', uid, 'reading')),
      ]);
      const have = new Set(published.docs.map((d) => d.id));
      const batch = writeBatch(db);
      let writes = 0;
      for (const d of reading.docs) {
        const entry = ShelfEntrySchema.safeParse(timestampsToDates(d.data({ serverTimestamps: 'estimate' })));
        if (!entry.success || have.has(entry.data.isbn13) || writes >= 400) continue;
        batch.set(readingRef(db, uid, entry.data.isbn13), readingFields(entry.data));
        writes += 1;
      }
      if (writes > 0) await batch.commit();
    })(),
  ]);
  for (const step of steps) {
    if (step.status === 'rejected') console.warn('Chaekbang: moving profile data to the new shape failed', step.reason);
  }
}
