import {
  type DocumentReference,
  deleteField,
  doc,
  type Firestore,
  type FirestoreDataConverter,
  getDoc,
  getDocFromServer,
  serverTimestamp,
  setDoc,
  type Unsubscribe,
  writeBatch,
} from 'firebase/firestore';
import {
  type ProfileDetails,
  ProfileDetailsSchema,
  type UserDoc,
  UserDocSchema,
  type UserProfile,
} from '../../shared/schemas/user-profile';
import { onSnapshot } from './listen';
import { timestampsToDates } from './timestamps';

/**
 * users/{uid} (name, photo, visibility: what anyone signed in may read, by id) and
 * users/{uid}/profile/details (bio and interests: the owner's, or anyone's for a public profile), through
 * zod converters: what comes back from Firestore is parsed, never trusted. The views get one merged
 * UserProfile; details the viewer may not read are simply absent.
 */
export const userProfileConverter: FirestoreDataConverter<UserDoc> = {
  toFirestore(profile) {
    return profile as Record<string, unknown>;
  },
  fromFirestore(snapshot, options) {
    return UserDocSchema.parse(timestampsToDates(snapshot.data({ ...options, serverTimestamps: 'estimate' })));
  },
};
export const profileDetailsConverter: FirestoreDataConverter<ProfileDetails> = {
  toFirestore(details) {
    return details as Record<string, unknown>;
  },
  fromFirestore(snapshot, options) {
    return ProfileDetailsSchema.parse(timestampsToDates(snapshot.data({ ...options, serverTimestamps: 'estimate' })));
  },
};

export function detailsRef(db: Firestore, uid: string): DocumentReference {
  return doc(db, 'users', uid, 'profile', 'details');
}

/** The profile with the details merged in (details win over fields left in a profile from before the split). */
function merged(user: UserDoc, details: ProfileDetails | null | undefined): UserProfile {
  if (!details) return user;
  const { updatedAt: _u, ...rest } = details;
  return { ...user, ...rest };
}

const isDenied = (err: unknown) => (err as { code?: string }).code === 'permission-denied';

// A profile being created by this page (a sign-up in progress). Profile listeners wait for it: a listener
// that is already on users/{uid} when this page creates it can be told by the server, once the write is
// acknowledged, that the profile does not exist, and then never hears otherwise. The Firestore emulator
// does that (firebase-tools#3867; here, every time, to the first sign-up after the emulator started), and
// with the persistent cache the wrong answer even outlived a reload. listen.ts's onSnapshot covers a
// listener started while this page's write is on its way; this covers the one started just before it.
let creating: Promise<void> | null = null;
const CREATING_WAIT_MS = 5_000;

/**
 * Run a sign-up (account, then profile) with the profile's listeners held back until it settles. The
 * account comes first and Auth announces the reader at once, so views start watching before the profile
 * exists: call this before creating the account, not after.
 */
export function whileCreatingProfile<T>(work: () => Promise<T>): Promise<T> {
  const run = Promise.resolve().then(work); // starts on the next microtask, after `creating` is set below
  const settled = run.then(
    () => {},
    () => {},
  );
  creating = settled; // before the work starts: it may announce the reader at once
  void settled.then(() => {
    if (creating === settled) creating = null;
  });
  return run;
}

/** Resolves once no profile is being created by this page (or after CREATING_WAIT_MS). */
function profileSettled(): Promise<void> {
  if (!creating) return Promise.resolve();
  // At most CREATING_WAIT_MS: a profile write that cannot get through must not keep the reader's views empty.
  return Promise.race([creating, new Promise<void>((resolve) => setTimeout(resolve, CREATING_WAIT_MS))]);
}

export function usersRepository(db: Firestore) {
  const ref = (uid: string) => doc(db, 'users', uid).withConverter(userProfileConverter);
  const details = (uid: string) => detailsRef(db, uid).withConverter(profileDetailsConverter);
  /** The details, or null when there are none or this viewer may not read them (a members-only profile). */
  const readDetails = (uid: string) =>
    getDoc(details(uid)).then(
      (snap) => (snap.exists() ? snap.data() : null),
      (err: unknown) => {
        if (isDenied(err)) return null;
        throw err;
      },
    );
  return {
    /**
     * Create the profile right after sign-up. Firestore learns about the new user asynchronously, so the
     * very first write can still go out without credentials and be refused: it is retried (a refused write
     * also disappears from the local cache, so nothing wrong is left behind). New readers show what they
     * are reading on their (public by default) profile; the editor turns it off.
     */
    async create(uid: string, displayName: string, { attempts = 4, delayMs = 300 } = {}): Promise<void> {
      const name = UserDocSchema.shape.displayName.parse(displayName);
      for (let attempt = 1; ; attempt++) {
        try {
          // serverTimestamp() is what the rules require for createdAt.
          await setDoc(doc(db, 'users', uid), { displayName: name, createdAt: serverTimestamp(), showReading: true });
          return;
        } catch (err) {
          const code = (err as { code?: string }).code;
          if (code !== 'permission-denied' || attempt >= attempts) throw err;
          await new Promise((r) => setTimeout(r, delayMs * attempt));
        }
      }
    },
    /** Any reader's profile: name, photo and visibility always; bio and interests when the viewer may see them. */
    async get(uid: string): Promise<UserProfile | null> {
      const snap = await getDoc(ref(uid));
      if (!snap.exists()) return null;
      const user = snap.data();
      return merged(user, await readDetails(uid));
    },
    /**
     * Live profile. Once the profile has been seen, a snapshot saying it is gone is checked with the server
     * before it is believed. While this page is creating the profile (a sign-up), listening waits until
     * the creation settles (see whileCreatingProfile). The details are followed too; a viewer who may not
     * read them gets the profile without them.
     */
    watch(uid: string, onChange: (profile: UserProfile | null) => void, onError: (err: Error) => void): Unsubscribe {
      let seen = false;
      let live = true;
      let user: UserDoc | null = null;
      let extra: ProfileDetails | null = null;
      const emit = () => {
        if (live && user) onChange(merged(user, extra));
      };
      let stop: Unsubscribe = () => {};
      let stopDetails: Unsubscribe = () => {};
      const start = () => {
        stopDetails = onSnapshot(
          details(uid),
          (snap) => {
            extra = snap.exists() ? snap.data() : null;
            emit();
          },
          (err) => {
            if (!isDenied(err)) console.warn('Chaekbang: profile details listener failed', err);
          },
        );
        stop = onSnapshot(
          ref(uid),
          (snap) => {
            if (snap.exists()) {
              seen = true;
              user = snap.data();
              emit();
              return;
            }
            if (!seen) {
              onChange(null);
              return;
            }
            getDocFromServer(ref(uid)).then(
              (again) => {
                if (!live) return;
                user = again.exists() ? again.data() : null;
                if (user) emit();
                else onChange(null);
              },
              () => {
                // Offline or the server is unreachable: keep what we last showed.
              },
            );
          },
          onError,
        );
      };
      if (creating)
        void profileSettled().then(() => {
          if (live) start();
        });
      else start();
      return () => {
        live = false;
        stop();
        stopDetails();
      };
    },
    /**
     * Migration for a profile from before the split: move bio and interests from users/{uid} to
     * profile/details in one batch (details already written win). Run by the owner's client on load.
     */
    async migrate(uid: string): Promise<boolean> {
      const snap = await getDoc(doc(db, 'users', uid));
      const data = snap.data();
      if (!data || (!('bio' in data) && !('interests' in data))) return false;
      const current = await getDoc(detailsRef(db, uid));
      const have = current.data() ?? {};
      const move = Object.fromEntries(
        (['bio', 'interests'] as const).filter((k) => k in data && !(k in have)).map((k) => [k, data[k]]),
      );
      const batch = writeBatch(db);
      batch.update(doc(db, 'users', uid), { bio: deleteField(), interests: deleteField(), updatedAt: serverTimestamp() });
      if (Object.keys(move).length > 0)
        batch.set(detailsRef(db, uid), { ...move, updatedAt: serverTimestamp() }, { merge: true });
      await batch.commit();
      return true;
    },
  };
}
