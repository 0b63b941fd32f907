import { assertFails, assertSucceeds } from '@firebase/rules-unit-testing';
import {
  collection,
  deleteDoc,
  deleteField,
  doc,
  getDoc,
  getDocs,
  limit,
  query,
  serverTimestamp,
  setDoc,
  Timestamp,
  updateDoc,
  where,
} from 'firebase/firestore';
import { describe, expect, it } from 'vitest';
import { big, useRulesEnv } from './rules-env';

// users/{uid}: what room tiles and profiles show of anyone (name, photo, visibility, the "show what I'm
// reading" choice). Signed out, owner and another reader × get, list, create, update, delete, plus
// hostile writes. The bio and interests live in users/{uid}/profile/details (profile-details.rules.test.ts).
const ALICE = 'alice';
const BOB = 'bob';

const { db, admin } = useRulesEnv(async (env) => {
  await env.withSecurityRulesDisabled(async (ctx) => {
    await setDoc(doc(ctx.firestore(), 'users', ALICE), {
      displayName: 'Alice',
      createdAt: Timestamp.fromMillis(1_700_000_000_000),
      visibility: 'members',
    });
  });
});

const userDoc = (uid: string | null, of: string) => doc(db(uid), 'users', of);
const profile = (extra: Record<string, unknown> = {}) => ({ displayName: '책 읽는 밤', createdAt: serverTimestamp(), ...extra });

describe('users/{uid} — read', () => {
  it('signed out: get and list refused', async () => {
    await assertFails(getDoc(userDoc(null, ALICE)));
    await assertFails(getDocs(collection(db(null), 'users')));
  });
  it('owner: get allowed; listing the collection refused', async () => {
    await assertSucceeds(getDoc(userDoc(ALICE, ALICE)));
    await assertFails(getDocs(collection(db(ALICE), 'users')));
  });
  it('another signed-in reader: get by id allowed (names on room tiles), even members-only', async () => {
    const snap = await assertSucceeds(getDoc(userDoc(BOB, ALICE)));
    expect(snap.data()?.displayName).toBe('Alice');
  });
  it('another signed-in reader cannot list every uid, name and photo (any query shape)', async () => {
    await assertFails(getDocs(collection(db(BOB), 'users')));
    await assertFails(getDocs(query(collection(db(BOB), 'users'), limit(1))));
    await assertFails(getDocs(query(collection(db(BOB), 'users'), where('visibility', '==', 'public'))));
  });
});

describe('users/{uid} — create', () => {
  it('owner creates their own profile with the server time', async () => {
    await assertSucceeds(setDoc(userDoc(BOB, BOB), profile({ showReading: true })));
  });
  it('signed out cannot create', async () => {
    await assertFails(setDoc(userDoc(null, BOB), profile()));
  });
  it("another reader cannot create someone else's profile", async () => {
    await assertFails(setDoc(userDoc(ALICE, BOB), profile()));
  });
  it('refuses a client-chosen createdAt (must be the server time)', async () => {
    await assertFails(setDoc(userDoc(BOB, BOB), profile({ createdAt: Timestamp.fromMillis(0) })));
  });
  it('refuses wrong types, extra fields, empty and huge names', async () => {
    await assertFails(setDoc(userDoc(BOB, BOB), profile({ displayName: 42 })));
    await assertFails(setDoc(userDoc(BOB, BOB), profile({ isAdmin: true })));
    await assertFails(setDoc(userDoc(BOB, BOB), profile({ displayName: '   ' })));
    await assertFails(setDoc(userDoc(BOB, BOB), profile({ displayName: big(41) })));
    await assertFails(setDoc(userDoc(BOB, BOB), profile({ displayName: big(1_000_000) })));
    await assertFails(setDoc(userDoc(BOB, BOB), { createdAt: serverTimestamp() }));
    await assertFails(setDoc(userDoc(BOB, BOB), profile({ showReading: 'yes' })));
  });
  it('refuses names with control, zero-width, line-separator or bidi-override characters', async () => {
    for (const name of [
      'Bob\u202egnp.exe',
      'Bob\nAdmin',
      'Bob\u0000',
      'B\u200bob',
      'Bob\u2028',
      'Bob\u2066x',
      '\ufeffBob',
      'Bob\u0085',
    ]) {
      await assertFails(setDoc(userDoc(BOB, BOB), profile({ displayName: name })));
    }
    await assertSucceeds(setDoc(userDoc(BOB, BOB), profile({ displayName: '김 책방 · Reader (서울)' })));
  });
  it('refuses a non-https photo URL and an unknown visibility', async () => {
    await assertFails(setDoc(userDoc(BOB, BOB), profile({ photoUrl: 'javascript:alert(1)' })));
    await assertFails(setDoc(userDoc(BOB, BOB), profile({ visibility: 'everyone' })));
  });
  it('refuses bio and interests here: they live in the part only allowed viewers read', async () => {
    await assertFails(setDoc(userDoc(BOB, BOB), profile({ bio: '밤에 읽는 사람' })));
    await assertFails(setDoc(userDoc(BOB, BOB), profile({ interests: ['novel'] })));
  });
});

describe('users/{uid} — update', () => {
  it('owner renames themselves and changes visibility and showReading', async () => {
    await assertSucceeds(updateDoc(userDoc(ALICE, ALICE), { displayName: 'Alice Kim', updatedAt: serverTimestamp() }));
    await assertSucceeds(
      updateDoc(userDoc(ALICE, ALICE), { visibility: 'public', showReading: false, updatedAt: serverTimestamp() }),
    );
  });
  it('owner cannot rewrite createdAt', async () => {
    await assertFails(updateDoc(userDoc(ALICE, ALICE), { createdAt: Timestamp.fromMillis(0) }));
  });
  it('signed out and another reader cannot update', async () => {
    await assertFails(updateDoc(userDoc(null, ALICE), { displayName: 'Mallory' }));
    await assertFails(updateDoc(userDoc(BOB, ALICE), { displayName: 'Mallory' }));
  });
  it('owner cannot add fields outside the schema, break types or rename to a bidi trick', async () => {
    await assertFails(updateDoc(userDoc(ALICE, ALICE), { role: 'admin' }));
    await assertFails(updateDoc(userDoc(ALICE, ALICE), { displayName: ['a'] }));
    await assertFails(updateDoc(userDoc(ALICE, ALICE), { displayName: '\u202eecilA' }));
    await assertFails(updateDoc(userDoc(ALICE, ALICE), { bio: 'moved out of this document' }));
  });
  it('migration: a profile from before the split may only shed its bio and interests', async () => {
    await admin((raw) => updateDoc(doc(raw, 'users', ALICE), { bio: 'old bio', interests: ['novel'] }));
    await assertFails(updateDoc(userDoc(ALICE, ALICE), { displayName: 'Alice Kim' }));
    await assertSucceeds(
      updateDoc(userDoc(ALICE, ALICE), { bio: deleteField(), interests: deleteField(), updatedAt: serverTimestamp() }),
    );
  });
});

describe('users/{uid} — delete', () => {
  it('signed out and another reader cannot delete', async () => {
    await assertFails(deleteDoc(userDoc(null, ALICE)));
    await assertFails(deleteDoc(userDoc(BOB, ALICE)));
  });
  it('owner can delete their profile', async () => {
    await assertSucceeds(deleteDoc(userDoc(ALICE, ALICE)));
  });
});

describe('default deny', () => {
  it('an unknown collection is closed to everyone, signed in or not', async () => {
    await assertFails(getDoc(doc(db(ALICE), 'anything', 'x')));
    await assertFails(setDoc(doc(db(ALICE), 'anything', 'x'), { a: 1 }));
    await assertFails(getDoc(doc(db(null), 'anything', 'x')));
    await assertFails(getDoc(doc(db(ALICE), 'users', ALICE, 'anything', 'x')));
  });
});
