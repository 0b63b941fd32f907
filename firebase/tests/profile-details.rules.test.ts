import { assertFails, assertSucceeds } from '@firebase/rules-unit-testing';
import {
  collection,
  deleteDoc,
  deleteField,
  doc,
  getDoc,
  getDocs,
  serverTimestamp,
  setDoc,
  Timestamp,
  updateDoc,
} from 'firebase/firestore';
import { describe, expect, it } from 'vitest';
import { big, useRulesEnv } from './rules-env';

// users/{uid}/profile/details: the bio and interests. Readable by the owner, and by signed-in readers
// only when the reader chose a public profile (rules cannot hide fields, so these left users/{uid}).
// Signed out, owner and another reader × get, list, create, update, delete, plus hostile writes.
const ALICE = 'alice';
const BOB = 'bob';
const at = Timestamp.fromMillis(1_700_000_000_000);

const { db, admin } = useRulesEnv(async (env) => {
  await env.withSecurityRulesDisabled(async (ctx) => {
    const raw = ctx.firestore();
    await setDoc(doc(raw, 'users', ALICE), { displayName: 'Alice', createdAt: at, visibility: 'members' });
    await setDoc(doc(raw, 'users', ALICE, 'profile', 'details'), { bio: '밤에 읽는 사람', interests: ['novel'], updatedAt: at });
    await setDoc(doc(raw, 'users', BOB), { displayName: 'Bob', createdAt: at });
  });
});

const details = (uid: string | null, of: string) => doc(db(uid), 'users', of, 'profile', 'details');
const body = (extra: Record<string, unknown> = {}) => ({
  bio: '시집을 좋아해요',
  interests: ['poetry-essay'],
  updatedAt: serverTimestamp(),
  ...extra,
});

describe('profile details — read', () => {
  it('signed out: get and list refused', async () => {
    await assertFails(getDoc(details(null, ALICE)));
    await assertFails(getDocs(collection(db(null), 'users', ALICE, 'profile')));
  });
  it('owner: get and list allowed', async () => {
    await assertSucceeds(getDoc(details(ALICE, ALICE)));
    await assertSucceeds(getDocs(collection(db(ALICE), 'users', ALICE, 'profile')));
  });
  it('another reader: refused while the profile is members-only', async () => {
    await assertFails(getDoc(details(BOB, ALICE)));
    await assertFails(getDocs(collection(db(BOB), 'users', ALICE, 'profile')));
  });
  it('another reader: get allowed once the profile is public (or has no visibility: public by default)', async () => {
    await admin((raw) => updateDoc(doc(raw, 'users', ALICE), { visibility: 'public' }));
    const snap = await assertSucceeds(getDoc(details(BOB, ALICE)));
    expect(snap.data()?.bio).toBe('밤에 읽는 사람');
    await admin((raw) => updateDoc(doc(raw, 'users', ALICE), { visibility: deleteField() }));
    await assertSucceeds(getDoc(details(BOB, ALICE)));
  });
  it('another reader: refused when the reader has no profile document at all', async () => {
    await admin((raw) => deleteDoc(doc(raw, 'users', ALICE)));
    await assertFails(getDoc(details(BOB, ALICE)));
  });
});

describe('profile details — create and update', () => {
  it('owner writes bio and interests', async () => {
    await assertSucceeds(setDoc(details(BOB, BOB), body()));
    await assertSucceeds(updateDoc(details(ALICE, ALICE), { bio: '', interests: [], updatedAt: serverTimestamp() }));
  });
  it('signed out and another reader cannot write', async () => {
    await assertFails(setDoc(details(null, BOB), body()));
    await assertFails(setDoc(details(ALICE, BOB), body()));
    await assertFails(updateDoc(details(BOB, ALICE), { bio: 'Mallory was here', updatedAt: serverTimestamp() }));
  });
  it('refuses extra fields, wrong types, a long bio, unknown interests, a client time and other ids', async () => {
    await assertFails(setDoc(details(BOB, BOB), body({ isAdmin: true })));
    await assertFails(setDoc(details(BOB, BOB), body({ displayName: 'Bob' })));
    await assertFails(setDoc(details(BOB, BOB), body({ bio: 42 })));
    await assertFails(setDoc(details(BOB, BOB), body({ bio: big(281) })));
    await assertFails(setDoc(details(BOB, BOB), body({ bio: big(1_000_000) })));
    await assertFails(setDoc(details(BOB, BOB), body({ interests: ['knitting'] })));
    await assertFails(setDoc(details(BOB, BOB), body({ interests: 'novel' })));
    await assertFails(setDoc(details(BOB, BOB), body({ updatedAt: Timestamp.fromMillis(0) })));
    await assertFails(setDoc(doc(db(BOB), 'users', BOB, 'profile', 'other'), body()));
    await assertSucceeds(setDoc(details(BOB, BOB), body({ bio: big(280) })));
  });
});

describe('profile details — delete', () => {
  it('signed out and another reader cannot delete; the owner can', async () => {
    await assertFails(deleteDoc(details(null, ALICE)));
    await assertFails(deleteDoc(details(BOB, ALICE)));
    await assertSucceeds(deleteDoc(details(ALICE, ALICE)));
  });
});
