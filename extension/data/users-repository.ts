import {
  doc,
  type Firestore,
  type FirestoreDataConverter,
  getDoc,
  getDocFromServer,
  onSnapshot,
  serverTimestamp,
  setDoc,
  type Unsubscribe,
} from 'firebase/firestore';
import { type UserProfile, UserProfileSchema } from '../../shared/schemas/user-profile';
import { timestampsToDates } from './timestamps';

/** users/{uid} through a zod converter: what comes back from Firestore is parsed, never trusted. */
export const userProfileConverter: FirestoreDataConverter<UserProfile> = {
  toFirestore(profile) {
    return profile as Record<string, unknown>;
  },
  fromFirestore(snapshot, options) {
    return UserProfileSchema.parse(timestampsToDates(snapshot.data({ ...options, serverTimestamps: 'estimate' })));
  },
};

export function usersRepository(db: Firestore) {
  const ref = (uid: string) => doc(db, 'users', uid).withConverter(userProfileConverter);
  return {
    /**
     * Create the profile right after sign-up. Firestore learns about the new user asynchronously, so the
     * very first write can still go out without credentials and be refused: it is retried (a refused write
     * also disappears from the local cache, so nothing wrong is left behind).
     */
    async create(uid: string, displayName: string, { attempts = 4, delayMs = 300 } = {}): Promise<void> {
      const name = UserProfileSchema.shape.displayName.parse(displayName);
      for (let attempt = 1; ; attempt++) {
        try {
          // serverTimestamp() is what the rules require for createdAt.
          await setDoc(doc(db, 'users', uid), { displayName: name, createdAt: serverTimestamp() });
          return;
        } catch (err) {
          const code = (err as { code?: string }).code;
          if (code !== 'permission-denied' || attempt >= attempts) throw err;
          await new Promise((r) => setTimeout(r, delayMs * attempt));
        }
      }
    },
    async get(uid: string): Promise<UserProfile | null> {
      const snap = await getDoc(ref(uid));
      return snap.exists() ? snap.data() : null;
    },
    /**
     * Live profile. Once the profile has been seen, a snapshot saying it is gone is checked with the server
     * before it is believed: in e2e runs a listener sometimes reported a signed-in reader's profile as
     * missing for a moment (cause not pinned down; see the closing note), which hid their views.
     */
    watch(uid: string, onChange: (profile: UserProfile | null) => void, onError: (err: Error) => void): Unsubscribe {
      let seen = false;
      let live = true;
      const stop = onSnapshot(
        ref(uid),
        (snap) => {
          if (snap.exists()) {
            seen = true;
            onChange(snap.data());
            return;
          }
          if (!seen) {
            onChange(null);
            return;
          }
          getDocFromServer(ref(uid)).then(
            (again) => {
              if (live) onChange(again.exists() ? again.data() : null);
            },
            () => {
              // Offline or the server is unreachable: keep what we last showed.
            },
          );
        },
        onError,
      );
      return () => {
        live = false;
        stop();
      };
    },
  };
}
