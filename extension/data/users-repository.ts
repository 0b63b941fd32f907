import {
  doc,
  type Firestore,
  type FirestoreDataConverter,
  getDoc,
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
    watch(uid: string, onChange: (profile: UserProfile | null) => void, onError: (err: Error) => void): Unsubscribe {
      return onSnapshot(ref(uid), (snap) => onChange(snap.exists() ? snap.data() : null), onError);
    },
  };
}
