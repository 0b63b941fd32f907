import { assertFails, assertSucceeds, type RulesTestEnvironment } from '@firebase/rules-unit-testing';
import { collection, deleteDoc, doc, getDoc, getDocs, serverTimestamp, setDoc, Timestamp, updateDoc } from 'firebase/firestore';
import { afterAll, beforeAll, beforeEach, describe, it } from 'vitest';
import { big, rulesEnv } from './rules-env';

// users/{uid}: signed out, owner and another reader × get, list, create, update, delete, plus hostile writes.
let env: RulesTestEnvironment;
const ALICE = 'alice';
const BOB = 'bob';

beforeAll(async () => {
  env = await rulesEnv();
});
afterAll(async () => {
  await env?.cleanup();
});
beforeEach(async () => {
  await env.clearFirestore();
  await env.withSecurityRulesDisabled(async (ctx) => {
    await setDoc(doc(ctx.firestore(), 'users', ALICE), {
      displayName: 'Alice',
      createdAt: Timestamp.fromMillis(1_700_000_000_000),
    });
  });
});

const as = (uid: string | null) => (uid ? env.authenticatedContext(uid).firestore() : env.unauthenticatedContext().firestore());
const profile = (extra: Record<string, unknown> = {}) => ({ displayName: '책 읽는 밤', createdAt: serverTimestamp(), ...extra });

describe('users/{uid} — read', () => {
  it('signed out: get and list refused', async () => {
    await assertFails(getDoc(doc(as(null), 'users', ALICE)));
    await assertFails(getDocs(collection(as(null), 'users')));
  });
  it('owner: get and list allowed', async () => {
    await assertSucceeds(getDoc(doc(as(ALICE), 'users', ALICE)));
    await assertSucceeds(getDocs(collection(as(ALICE), 'users')));
  });
  it('another signed-in reader: get and list allowed (names show on room tiles)', async () => {
    await assertSucceeds(getDoc(doc(as(BOB), 'users', ALICE)));
    await assertSucceeds(getDocs(collection(as(BOB), 'users')));
  });
});

describe('users/{uid} — create', () => {
  it('owner creates their own profile with the server time', async () => {
    await assertSucceeds(setDoc(doc(as(BOB), 'users', BOB), profile()));
  });
  it('signed out cannot create', async () => {
    await assertFails(setDoc(doc(as(null), 'users', BOB), profile()));
  });
  it("another reader cannot create someone else's profile", async () => {
    await assertFails(setDoc(doc(as(ALICE), 'users', BOB), profile()));
  });
  it('refuses a client-chosen createdAt (must be the server time)', async () => {
    await assertFails(setDoc(doc(as(BOB), 'users', BOB), profile({ createdAt: Timestamp.fromMillis(0) })));
  });
  it('refuses wrong types, extra fields, empty and huge names', async () => {
    await assertFails(setDoc(doc(as(BOB), 'users', BOB), profile({ displayName: 42 })));
    await assertFails(setDoc(doc(as(BOB), 'users', BOB), profile({ isAdmin: true })));
    await assertFails(setDoc(doc(as(BOB), 'users', BOB), profile({ displayName: '   ' })));
    await assertFails(setDoc(doc(as(BOB), 'users', BOB), profile({ displayName: big(41) })));
    await assertFails(setDoc(doc(as(BOB), 'users', BOB), profile({ displayName: big(1_000_000) })));
    await assertFails(setDoc(doc(as(BOB), 'users', BOB), { createdAt: serverTimestamp() }));
  });
  it('refuses a non-https photo URL and an unknown visibility', async () => {
    await assertFails(setDoc(doc(as(BOB), 'users', BOB), profile({ photoUrl: 'javascript:alert(1)' })));
    await assertFails(setDoc(doc(as(BOB), 'users', BOB), profile({ visibility: 'everyone' })));
  });
});

describe('users/{uid} — update', () => {
  it('owner renames themselves', async () => {
    await assertSucceeds(updateDoc(doc(as(ALICE), 'users', ALICE), { displayName: 'Alice Kim' }));
  });
  it('owner cannot rewrite createdAt', async () => {
    await assertFails(updateDoc(doc(as(ALICE), 'users', ALICE), { createdAt: Timestamp.fromMillis(0) }));
  });
  it('signed out and another reader cannot update', async () => {
    await assertFails(updateDoc(doc(as(null), 'users', ALICE), { displayName: 'Mallory' }));
    await assertFails(updateDoc(doc(as(BOB), 'users', ALICE), { displayName: 'Mallory' }));
  });
  it('owner cannot add fields outside the schema or break types', async () => {
    await assertFails(updateDoc(doc(as(ALICE), 'users', ALICE), { role: 'admin' }));
    await assertFails(updateDoc(doc(as(ALICE), 'users', ALICE), { displayName: ['a'] }));
  });
});

describe('users/{uid} — delete', () => {
  it('signed out and another reader cannot delete', async () => {
    await assertFails(deleteDoc(doc(as(null), 'users', ALICE)));
    await assertFails(deleteDoc(doc(as(BOB), 'users', ALICE)));
  });
  it('owner can delete their profile', async () => {
    await assertSucceeds(deleteDoc(doc(as(ALICE), 'users', ALICE)));
  });
});

describe('default deny', () => {
  it('an unknown collection is closed to everyone, signed in or not', async () => {
    await assertFails(getDoc(doc(as(ALICE), 'anything', 'x')));
    await assertFails(setDoc(doc(as(ALICE), 'anything', 'x'), { a: 1 }));
    await assertFails(getDoc(doc(as(null), 'anything', 'x')));
  });
});
