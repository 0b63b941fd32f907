import { useEffect, useState } from 'preact/hooks';
import type { UserProfile } from '../../shared/schemas/user-profile';
import { firebase } from '../data/firebase-app';
import { migrateReaderData } from '../data/reader-migration';
import { usersRepository } from '../data/users-repository';

/**
 * The signed-in reader's profile, live (null until it first exists). Once known it stays until a newer
 * version arrives: a listener hiccup (an error, or a momentary "missing" while Firestore re-syncs) must
 * not take the room away from someone in the middle of a call. Once the profile exists, the reader's
 * documents from before the privacy split are brought to the current shape (see reader-migration.ts).
 */
export function useProfile(uid: string): UserProfile | null {
  const [profile, setProfile] = useState<UserProfile | null>(null);
  const exists = profile !== null;
  useEffect(() => {
    setProfile(null);
    return usersRepository(firebase().db).watch(
      uid,
      (next) => {
        if (next) setProfile(next);
      },
      (err) => console.warn('Chaekbang: profile listener failed; keeping the last known profile', err),
    );
  }, [uid]);
  useEffect(() => {
    if (exists) void migrateReaderData(firebase().db, uid);
  }, [uid, exists]);
  return profile;
}
