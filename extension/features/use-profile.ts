import { useEffect, useState } from 'preact/hooks';
import type { UserProfile } from '../../shared/schemas/user-profile';

/** Firestore and the users repository, loaded on first use (the panel paints its tabs before they load). */
function loadRepository() {
  return Promise.all([import('../data/firebase-app'), import('../data/users-repository')]).then(
    ([{ firebase }, { usersRepository }]) => ({
      db: firebase().db,
      users: usersRepository(firebase().db),
    }),
  );
}

/**
 * The signed-in reader's profile, live (null until it first exists, and while no reader is known yet: uid
 * null). Once known it stays until a newer version arrives: a listener hiccup (an error, or a momentary
 * "missing" while Firestore re-syncs) must not take the room away from someone in the middle of a call. Once
 * the profile exists, the reader's documents from before the privacy split are brought to the current shape
 * (see reader-migration.ts).
 */
export function useProfile(uid: string | null): UserProfile | null {
  const [profile, setProfile] = useState<UserProfile | null>(null);
  const exists = profile !== null;
  useEffect(() => {
    setProfile(null);
    if (!uid) return;
    let live = true;
    let known = false;
    let stop: (() => void) | null = null;
    let timer: ReturnType<typeof setInterval> | undefined;
    loadRepository().then(
      ({ users }) => {
        if (!live) return;
        stop = users.watch(
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
        timer = setInterval(() => {
          tries += 1;
          if (known || tries > 10) return clearInterval(timer);
          users
            .get(uid)
            .then((next) => {
              if (live && next && !known) {
                known = true;
                setProfile(next);
              }
            })
            .catch(() => {});
        }, 3000);
      },
      (err: unknown) => console.warn('Chaekbang: the profile could not be loaded', err),
    );
    return () => {
      live = false;
      clearInterval(timer);
      stop?.();
    };
  }, [uid]);
  useEffect(() => {
    if (!uid || !exists) return;
    void Promise.all([loadRepository(), import('../data/reader-migration')]).then(([{ db }, { migrateReaderData }]) =>
      migrateReaderData(db, uid),
    );
  }, [uid, exists]);
  return profile;
}
