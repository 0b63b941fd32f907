import { deleteUser, GoogleAuthProvider, sendPasswordResetEmail, signInWithCredential } from 'firebase/auth';
import { doc, getDocFromServer, updateDoc } from 'firebase/firestore';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteAccountData, updateProfile } from './account-data';
import { eventually, newReader, PROJECT_ID, randomIsbn, type TestReader } from './emu-test-support';
import { addToShelf } from './shelf-repository';
import { statsRepository } from './stats-repository';
import { usersRepository, whileCreatingProfile } from './users-repository';

// Profile edits, password reset and account deletion against the Auth and Firestore emulators.
let reader: TestReader;

beforeAll(async () => {
  reader = await newReader('acct');
  await usersRepository(reader.db).create(reader.uid, 'Acct');
});
afterAll(async () => {
  await reader?.close();
});

describe('profile editor writes', () => {
  it('saves photo, bio, interests and visibility', async () => {
    await updateProfile(reader.db, reader.uid, {
      photoUrl: 'https://example.org/me.jpg',
      bio: '밤에 읽는 사람',
      interests: ['novel', 'history'],
      visibility: 'members',
    });
    expect(await usersRepository(reader.db).get(reader.uid)).toMatchObject({
      photoUrl: 'https://example.org/me.jpg',
      bio: '밤에 읽는 사람',
      interests: ['novel', 'history'],
      visibility: 'members',
    });
    // Bio and interests live in the details document, not in the one every reader may get.
    const tile = await getDocFromServer(doc(reader.db, 'users', reader.uid));
    expect(tile.data()).not.toHaveProperty('bio');
    expect(tile.data()).not.toHaveProperty('interests');
  });
  it('another reader sees name and level of a members-only profile, and the bio once it is public', async () => {
    const other = await newReader('other');
    try {
      await updateProfile(reader.db, reader.uid, { bio: '밤에 읽는 사람', visibility: 'members' });
      const seen = await usersRepository(other.db).get(reader.uid);
      expect(seen).toMatchObject({ displayName: 'Acct', visibility: 'members' });
      expect(seen).not.toHaveProperty('bio');
      await updateProfile(reader.db, reader.uid, { visibility: 'public' });
      expect(await usersRepository(other.db).get(reader.uid)).toMatchObject({ bio: '밤에 읽는 사람' });
    } finally {
      await other.close();
    }
  });
  it('refuses a display name with a bidi override (client schema and rules)', async () => {
    await expect(updateProfile(reader.db, reader.uid, { displayName: 'Acct\u202egnp.exe' })).rejects.toThrow();
    await expect(updateDoc(doc(reader.db, 'users', reader.uid), { displayName: 'Acct\u202e' })).rejects.toMatchObject({
      code: 'permission-denied',
    });
  });
  it('refuses a non-https photo and unknown interests (client schema and rules)', async () => {
    await expect(updateProfile(reader.db, reader.uid, { photoUrl: 'http://example.org/me.jpg' })).rejects.toThrow();
    await expect(updateProfile(reader.db, reader.uid, { interests: ['knitting'] as never })).rejects.toThrow();
    await expect(
      updateDoc(doc(reader.db, 'users', reader.uid, 'profile', 'details'), { interests: ['knitting'] }),
    ).rejects.toMatchObject({
      code: 'permission-denied',
    });
  });
});

describe('password reset', () => {
  it('sends a reset email through the Auth emulator', async () => {
    await sendPasswordResetEmail(reader.auth, reader.email);
    const res = await fetch(`http://${process.env.FIREBASE_AUTH_EMULATOR_HOST}/emulator/v1/projects/${PROJECT_ID}/oobCodes`);
    const body = (await res.json()) as { oobCodes: { email: string; requestType: string }[] };
    expect(body.oobCodes.some((c) => c.email === reader.email && c.requestType === 'PASSWORD_RESET')).toBe(true);
  });
});

describe('Google sign-in credential', () => {
  it('GoogleAuthProvider.credential(idToken) → signInWithCredential works against the Auth emulator', async () => {
    // The emulator accepts an unsigned JSON "ID token"; in the extension it comes from launchWebAuthFlow.
    const sub = `g-${Date.now()}`;
    const idToken = JSON.stringify({ sub, email: `${sub}@example.test`, email_verified: true, name: '구글 독자' });
    const cred = await signInWithCredential(reader.auth, GoogleAuthProvider.credential(idToken));
    expect(cred.user.providerData.map((p) => p.providerId)).toContain('google.com');
    expect(cred.user.email).toBe(`${sub}@example.test`);
    await deleteUser(cred.user);
  });
});

describe('account deletion', () => {
  it('deletes profile, shelf and stats, then the Auth user', async () => {
    const gone = await newReader('gone');
    try {
      await usersRepository(gone.db).create(gone.uid, 'Gone');
      const isbn13 = randomIsbn();
      await (await addToShelf(gone.db, gone.uid, { isbn13, title: '아몬드', authors: [] }, 'read')).synced;
      expect((await statsRepository(gone.db).get(gone.uid)).booksRead).toBe(1);
      await deleteAccountData(gone.db, gone.uid);
      for (const path of [
        `users/${gone.uid}`,
        `users/${gone.uid}/stats/summary`,
        `users/${gone.uid}/stats/public`,
        `users/${gone.uid}/shelf/${isbn13}`,
      ]) {
        expect((await getDocFromServer(doc(gone.db, path))).exists(), path).toBe(false);
      }
      const user = gone.auth.currentUser;
      if (!user) throw new Error('signed out too early');
      await deleteUser(user);
      await eventually(() => expect(gone.auth.currentUser).toBeNull());
    } finally {
      await gone.close();
    }
  });
});

describe('profile listeners during a sign-up (whileCreatingProfile)', () => {
  it('a listener started while the profile is being created first hears of the created profile, never "missing"', async () => {
    const fresh = await newReader('signup');
    try {
      const heard: (string | null)[] = [];
      let stop: () => void = () => {};
      let release: () => void = () => {};
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      const creation = whileCreatingProfile(async () => {
        // The views start listening while the account exists but its profile does not yet.
        stop = usersRepository(fresh.db).watch(
          fresh.uid,
          (p) => heard.push(p?.displayName ?? null),
          () => {},
        );
        await gate;
        await usersRepository(fresh.db).create(fresh.uid, 'Fresh');
      });
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(heard).toEqual([]); // held back while the profile is being created
      release();
      await creation;
      await eventually(() => expect(heard).toContain('Fresh'));
      expect(heard[0]).toBe('Fresh');
      expect(heard).not.toContain(null);
      stop();
    } finally {
      await fresh.close();
    }
  });
  it('a failed creation releases the listeners, which then report the profile missing', async () => {
    const fresh = await newReader('signup-fail');
    try {
      const heard: (string | null)[] = [];
      let stop: () => void = () => {};
      await expect(
        whileCreatingProfile(async () => {
          stop = usersRepository(fresh.db).watch(
            fresh.uid,
            (p) => heard.push(p?.displayName ?? null),
            () => {},
          );
          throw new Error('sign-up refused');
        }),
      ).rejects.toThrow('sign-up refused');
      await eventually(() => expect(heard).toEqual([null]));
      stop();
    } finally {
      await fresh.close();
    }
  });
});
