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
    async create(uid: string, displayName: string): Promise<void> {
      const name = UserProfileSchema.shape.displayName.parse(displayName);
      // serverTimestamp() is what the rules require for createdAt.
      await setDoc(doc(db, 'users', uid), { displayName: name, createdAt: serverTimestamp() });
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
