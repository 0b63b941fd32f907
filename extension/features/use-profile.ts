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
    let live = true;
    let known = false;
    const stop = usersRepository(firebase().db).watch(
      uid,
      (next) => {
        if (next) {
          known = true;
          setProfile(next);
        }
      },
      (err) => console.warn('Chaekbang: profile listener failed; keeping the last known profile', err),
    );
    // If the listener has not delivered the profile after a moment, ask for it directly (a few times).
    let tries = 0;
    const timer = setInterval(() => {
      tries += 1;
      if (known || tries > 10) return clearInterval(timer);
      usersRepository(firebase().db)
        .get(uid)
        .then((next) => {
          if (live && next && !known) {
            known = true;
            setProfile(next);
          }
        })
        .catch(() => {});
    }, 3000);
    return () => {
      live = false;
      clearInterval(timer);
      stop();
    };
  }, [uid]);
  useEffect(() => {
    if (exists) void migrateReaderData(firebase().db, uid);
  }, [uid, exists]);
  return profile;
}
