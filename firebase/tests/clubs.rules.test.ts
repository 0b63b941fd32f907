import { assertFails, assertSucceeds } from '@firebase/rules-unit-testing';
import {
  arrayUnion,
  collection,
  deleteDoc,
  deleteField,
  doc,
  type Firestore,
  getDoc,
  getDocs,
  limit,
  query,
  serverTimestamp,
  setDoc,
  Timestamp,
  updateDoc,
  where,
  writeBatch,
} from 'firebase/firestore';
import { describe, expect, it } from 'vitest';
import { big, useRulesEnv } from './rules-env';

// Clubs (issue 11): clubs/{clubId}, its members, requests and private invite, clubInvites/{code} and each
// reader's users/{uid}/clubs/index; plus members-only profiles (mayViewProfile). Signed out, member,
// non-member and host/co-host × get, list, create, update, delete, and the hostile writes of the issue.
const HOST = 'hana';
const COHOST = 'cora';
const MEMBER = 'minu';
const OTHER = 'oscar';
const PAT = 'pat';
const PRIV = 'club1';
const PUB = 'club2';
const CODE = 'ABCD2345';
const at = Timestamp.fromMillis(1_700_000_000_000);

function clubData(extra: Record<string, unknown> = {}) {
  return {
    name: '수요 독서모임',
    description: '한 달에 한 권',
    visibility: 'private',
    requireApproval: false,
    hostUid: HOST,
    coHostUids: [COHOST],
    members: { [HOST]: true, [COHOST]: true, [MEMBER]: true },
    roomCode: 'K7P2QX',
    currentBook: null,
    createdAt: at,
    updatedAt: at,
    ...extra,
  };
}
const memberData = (uid: string, role: string, extra: Record<string, unknown> = {}) => ({
  uid,
  displayName: uid.toUpperCase(),
  role,
  joinedAt: at,
  via: null,
  ...extra,
});

const { db, admin } = useRulesEnv(async (env) => {
  await env.withSecurityRulesDisabled(async (ctx) => {
    const raw = ctx.firestore();
    for (const uid of [HOST, COHOST, MEMBER, OTHER, PAT])
      await setDoc(doc(raw, 'users', uid), { displayName: uid, createdAt: at, visibility: 'members', showReading: true });
    await setDoc(doc(raw, 'users', MEMBER, 'profile', 'details'), { bio: '밤에 읽는 사람', interests: ['novel'], updatedAt: at });
    await setDoc(doc(raw, 'users', MEMBER, 'stats', 'summary'), {
      booksRead: 1,
      pagesRead: 300,
      categoriesRead: { novel: 1 },
      readDays: [],
      lastIsbn: '9788937460449',
      updatedAt: at,
    });
    await setDoc(doc(raw, 'users', MEMBER, 'reading', '9788937460449'), {
      isbn13: '9788937460449',
      title: '채식주의자',
      authors: ['한강'],
      coverUrl: null,
      updatedAt: at,
    });
    await setDoc(doc(raw, 'clubs', PRIV), clubData());
    await setDoc(doc(raw, 'clubs', PRIV, 'members', HOST), memberData(HOST, 'host'));
    await setDoc(doc(raw, 'clubs', PRIV, 'members', COHOST), memberData(COHOST, 'cohost'));
    await setDoc(doc(raw, 'clubs', PRIV, 'members', MEMBER), memberData(MEMBER, 'member'));
    await setDoc(doc(raw, 'clubs', PRIV, 'private', 'invite'), { code: CODE, updatedAt: at });
    await setDoc(doc(raw, 'clubInvites', CODE), {
      clubId: PRIV,
      clubName: '수요 독서모임',
      requireApproval: false,
      createdBy: HOST,
      createdAt: at,
    });
    await setDoc(
      doc(raw, 'clubs', PUB),
      clubData({
        name: 'Open club',
        visibility: 'public',
        requireApproval: true,
        hostUid: PAT,
        coHostUids: [],
        members: { [PAT]: true },
      }),
    );
    await setDoc(doc(raw, 'clubs', PUB, 'members', PAT), memberData(PAT, 'host'));
    for (const uid of [HOST, COHOST, MEMBER])
      await setDoc(doc(raw, 'users', uid, 'clubs', 'index'), { clubIds: [PRIV], updatedAt: at });
    await setDoc(doc(raw, 'users', PAT, 'clubs', 'index'), { clubIds: [PUB], updatedAt: at });
  });
});

const club = (uid: string | null, id = PRIV) => doc(db(uid), 'clubs', id);
const member = (uid: string | null, of: string, id = PRIV) => doc(db(uid), 'clubs', id, 'members', of);
const index = (d: Firestore, uid: string) => doc(d, 'users', uid, 'clubs', 'index');

/** The batch a reader's client writes to join: member document, club map, own index. */
function joinBatch(uid: string, clubId: string, via: string | null, extra: Record<string, unknown> = {}) {
  const d = db(uid);
  const b = writeBatch(d);
  b.set(doc(d, 'clubs', clubId, 'members', uid), {
    uid,
    displayName: uid.toUpperCase(),
    role: 'member',
    joinedAt: serverTimestamp(),
    via,
    ...extra,
  });
  b.update(doc(d, 'clubs', clubId), { [`members.${uid}`]: true, lastMemberUid: uid, updatedAt: serverTimestamp() });
  b.set(index(d, uid), { clubIds: arrayUnion(clubId), updatedAt: serverTimestamp() }, { merge: true });
  return b;
}

/** A host or co-host removes a member: member document and map entry in one batch. */
function removeBatch(by: string, uid: string, clubPatch: Record<string, unknown> = {}) {
  const d = db(by);
  const b = writeBatch(d);
  b.delete(doc(d, 'clubs', PRIV, 'members', uid));
  b.update(doc(d, 'clubs', PRIV), {
    [`members.${uid}`]: deleteField(),
    lastMemberUid: uid,
    updatedAt: serverTimestamp(),
    ...clubPatch,
  });
  return b;
}

describe('clubs/{clubId} — read', () => {
  it('signed out: nothing', async () => {
    await assertFails(getDoc(club(null)));
    await assertFails(getDoc(club(null, PUB)));
    await assertFails(getDocs(query(collection(db(null), 'clubs'), where('visibility', '==', 'public'), limit(20))));
  });
  it('a member reads the private club; the host and co-host too', async () => {
    for (const uid of [MEMBER, HOST, COHOST]) {
      const snap = await assertSucceeds(getDoc(club(uid)));
      expect(snap.data()?.name).toBe('수요 독서모임');
    }
  });
  it('a non-member cannot read a private club; anyone signed in reads a public one', async () => {
    await assertFails(getDoc(club(OTHER)));
    await assertSucceeds(getDoc(club(OTHER, PUB)));
  });
  it('list: only the public directory query, at most 20', async () => {
    await assertSucceeds(getDocs(query(collection(db(OTHER), 'clubs'), where('visibility', '==', 'public'), limit(20))));
    await assertFails(getDocs(query(collection(db(OTHER), 'clubs'), where('visibility', '==', 'public'), limit(21))));
    await assertFails(getDocs(query(collection(db(MEMBER), 'clubs'), limit(20))));
  });
});

describe('clubs/{clubId} — create', () => {
  function createBatch(
    uid: string,
    id: string,
    clubPatch: Record<string, unknown> = {},
    memberPatch: Record<string, unknown> = {},
  ) {
    const d = db(uid);
    const b = writeBatch(d);
    b.set(doc(d, 'clubs', id), {
      ...clubData({ hostUid: uid, coHostUids: [], members: { [uid]: true } }),
      createdAt: serverTimestamp(),
      updatedAt: serverTimestamp(),
      ...clubPatch,
    });
    b.set(doc(d, 'clubs', id, 'members', uid), { ...memberData(uid, 'host'), joinedAt: serverTimestamp(), ...memberPatch });
    b.set(index(d, uid), { clubIds: [id], updatedAt: serverTimestamp() });
    return b;
  }
  it('a reader founds a club with their host member document and index', async () => {
    await assertSucceeds(createBatch(OTHER, 'new1').commit());
  });
  it('the founder writes the club invite in the same batch', async () => {
    const d = db(OTHER);
    const b = createBatch(OTHER, 'new2');
    b.set(doc(d, 'clubs', 'new2', 'private', 'invite'), { code: 'ZZZZ2222', updatedAt: serverTimestamp() });
    b.set(doc(d, 'clubInvites', 'ZZZZ2222'), {
      clubId: 'new2',
      clubName: 'x',
      requireApproval: false,
      createdBy: OTHER,
      createdAt: serverTimestamp(),
    });
    await assertSucceeds(b.commit());
  });
  it('signed out cannot create', async () => {
    await assertFails(setDoc(doc(db(null), 'clubs', 'new3'), clubData()));
  });
  it('refuses: another host, extra members, co-hosts at birth, no member document, bad fields', async () => {
    await assertFails(createBatch(OTHER, 'n1', { hostUid: HOST }).commit());
    await assertFails(createBatch(OTHER, 'n2', { members: { [OTHER]: true, [MEMBER]: true } }).commit());
    await assertFails(createBatch(OTHER, 'n3', { coHostUids: [MEMBER], members: { [OTHER]: true, [MEMBER]: true } }).commit());
    await assertFails(
      setDoc(club(OTHER, 'n4'), {
        ...clubData({ hostUid: OTHER, coHostUids: [], members: { [OTHER]: true } }),
        createdAt: serverTimestamp(),
        updatedAt: serverTimestamp(),
      }),
    );
    await assertFails(createBatch(OTHER, 'n5', { name: '' }).commit());
    await assertFails(createBatch(OTHER, 'n6', { name: big(61) }).commit());
    await assertFails(createBatch(OTHER, 'n7', { name: 'two\nlines' }).commit());
    await assertFails(createBatch(OTHER, 'n8', { description: big(501) }).commit());
    await assertFails(createBatch(OTHER, 'n9', { visibility: 'secret' }).commit());
    await assertFails(createBatch(OTHER, 'n10', { roomCode: 'abc' }).commit());
    await assertFails(createBatch(OTHER, 'n11', { isAdmin: true }).commit());
    await assertFails(createBatch(OTHER, 'n12', { createdAt: at }).commit());
    await assertFails(createBatch(OTHER, 'n13', {}, { role: 'member' }).commit());
  });
});

describe('clubs/{clubId} — update by hosts', () => {
  const book = { isbn13: '9788937460449', title: '채식주의자', authors: ['한강'], coverUrl: null };
  it('host and co-host edit name, description and the current book', async () => {
    await assertSucceeds(updateDoc(club(HOST), { name: '목요 모임', currentBook: book, updatedAt: serverTimestamp() }));
    await assertSucceeds(updateDoc(club(COHOST), { description: '새 설명', updatedAt: serverTimestamp() }));
    await assertSucceeds(
      updateDoc(club(HOST), {
        currentBook: { ...book, authors: Array(12).fill('가나다'), coverUrl: 'https://image.yes24.com/a.jpg' },
        updatedAt: serverTimestamp(),
      }),
    );
  });
  it('a plain member, a non-member and signed out cannot edit', async () => {
    await assertFails(updateDoc(club(MEMBER), { name: 'Mine now', updatedAt: serverTimestamp() }));
    await assertFails(updateDoc(club(OTHER), { name: 'Mine now', updatedAt: serverTimestamp() }));
    await assertFails(updateDoc(club(null), { name: 'Mine now', updatedAt: serverTimestamp() }));
  });
  it('refuses a bad book, a client time, extra fields', async () => {
    await assertFails(updateDoc(club(HOST), { currentBook: { ...book, isbn13: '123' }, updatedAt: serverTimestamp() }));
    await assertFails(updateDoc(club(HOST), { currentBook: { ...book, publisher: 'x' }, updatedAt: serverTimestamp() }));
    await assertFails(updateDoc(club(HOST), { currentBook: { ...book, title: '' }, updatedAt: serverTimestamp() }));
    await assertFails(updateDoc(club(HOST), { name: 'x', updatedAt: at }));
    await assertFails(updateDoc(club(HOST), { pinned: true, updatedAt: serverTimestamp() }));
  });
  it('the room code and the creation time never change', async () => {
    await assertFails(updateDoc(club(HOST), { roomCode: 'ZZZZZZ', updatedAt: serverTimestamp() }));
    await assertFails(updateDoc(club(HOST), { createdAt: serverTimestamp(), updatedAt: serverTimestamp() }));
  });
});

describe('clubs/{clubId}/meetings', () => {
  const meeting = (extra: Record<string, unknown> = {}) => ({
    at: Timestamp.fromMillis(1_800_000_000_000),
    note: '1–3장',
    fromPage: 1,
    toPage: 80,
    updatedAt: serverTimestamp(),
    ...extra,
  });
  const mref = (uid: string | null, id = 'm1') => doc(db(uid), 'clubs', PRIV, 'meetings', id);
  it('host and co-host add, change and delete meetings', async () => {
    await assertSucceeds(setDoc(mref(HOST), meeting({ updatedBy: HOST })));
    await assertSucceeds(setDoc(mref(COHOST), meeting({ updatedBy: COHOST, note: '1–4장', toPage: 100 })));
    await assertSucceeds(deleteDoc(mref(COHOST)));
  });
  it('members read the schedule; a non-member and signed out cannot', async () => {
    await admin((raw) => setDoc(doc(raw, 'clubs', PRIV, 'meetings', 'm1'), { ...meeting({ updatedBy: HOST }), updatedAt: at }));
    await assertSucceeds(getDoc(mref(MEMBER)));
    await assertSucceeds(getDocs(query(collection(db(MEMBER), 'clubs', PRIV, 'meetings'), limit(12))));
    await assertFails(getDoc(mref(OTHER)));
    await assertFails(getDocs(query(collection(db(OTHER), 'clubs', PRIV, 'meetings'), limit(12))));
    await assertFails(getDoc(mref(null)));
  });
  it('HOSTILE: a member or a stranger writing the schedule; bad fields', async () => {
    await assertFails(setDoc(mref(MEMBER), meeting({ updatedBy: MEMBER })));
    await assertFails(setDoc(mref(OTHER), meeting({ updatedBy: OTHER })));
    await assertFails(setDoc(mref(HOST), meeting({ updatedBy: COHOST })));
    await assertFails(setDoc(mref(HOST), meeting({ updatedBy: HOST, fromPage: 90, toPage: 10 })));
    await assertFails(setDoc(mref(HOST), meeting({ updatedBy: HOST, note: big(81) })));
    await assertFails(setDoc(mref(HOST), meeting({ updatedBy: HOST, note: 'a\nb' })));
    await assertFails(setDoc(mref(HOST), meeting({ updatedBy: HOST, at: 'tomorrow' })));
    await assertFails(setDoc(mref(HOST), meeting({ updatedBy: HOST, fromPage: 0 })));
    await assertFails(setDoc(mref(HOST), meeting({ updatedBy: HOST, extra: 1 })));
    await admin((raw) => setDoc(doc(raw, 'clubs', PRIV, 'meetings', 'm1'), { ...meeting({ updatedBy: HOST }), updatedAt: at }));
    await assertFails(deleteDoc(mref(MEMBER)));
  });
});

describe('joining', () => {
  it('a reader joins a private club with its invite code', async () => {
    await assertSucceeds(joinBatch(OTHER, PRIV, CODE).commit());
    expect((await getDoc(club(OTHER))).data()?.members[OTHER]).toBe(true);
  });
  it('HOSTILE: joining a private club without its code (or with a wrong one) is refused', async () => {
    await assertFails(joinBatch(OTHER, PRIV, null).commit());
    await assertFails(joinBatch(OTHER, PRIV, 'ZZZZ9999').commit());
  });
  it('HOSTILE: an invite of another club does not open this one', async () => {
    await admin((raw) =>
      setDoc(doc(raw, 'clubInvites', 'WWWW3333'), {
        clubId: PUB,
        clubName: 'x',
        requireApproval: true,
        createdBy: PAT,
        createdAt: at,
      }),
    );
    await assertFails(joinBatch(OTHER, PRIV, 'WWWW3333').commit());
  });
  it('HOSTILE: the map alone, or the member document alone, is refused', async () => {
    await assertFails(updateDoc(club(OTHER), { [`members.${OTHER}`]: true, lastMemberUid: OTHER, updatedAt: serverTimestamp() }));
    await assertFails(setDoc(member(OTHER, OTHER), { ...memberData(OTHER, 'member'), joinedAt: serverTimestamp(), via: CODE }));
  });
  it('HOSTILE: forged member fields (role, another uid, a back-dated join, extra keys) are refused', async () => {
    await assertFails(joinBatch(OTHER, PRIV, CODE, { role: 'host' }).commit());
    await assertFails(joinBatch(OTHER, PRIV, CODE, { role: 'cohost' }).commit());
    await assertFails(joinBatch(OTHER, PRIV, CODE, { uid: MEMBER }).commit());
    await assertFails(joinBatch(OTHER, PRIV, CODE, { joinedAt: at }).commit());
    await assertFails(joinBatch(OTHER, PRIV, CODE, { isAdmin: true }).commit());
    await assertFails(joinBatch(OTHER, PRIV, CODE, { displayName: big(41) }).commit());
  });
  it('HOSTILE: adding someone else to the map is refused', async () => {
    const d = db(OTHER);
    const b = writeBatch(d);
    b.set(doc(d, 'clubs', PRIV, 'members', 'zed'), { ...memberData('zed', 'member'), joinedAt: serverTimestamp(), via: CODE });
    b.update(doc(d, 'clubs', PRIV), { 'members.zed': true, lastMemberUid: 'zed', updatedAt: serverTimestamp() });
    await assertFails(b.commit());
  });
  it('a join must be on the reader’s own club list, which holds at most 8 clubs', async () => {
    const d = db(OTHER);
    const b = writeBatch(d);
    b.set(doc(d, 'clubs', PRIV, 'members', OTHER), { ...memberData(OTHER, 'member'), joinedAt: serverTimestamp(), via: CODE });
    b.update(doc(d, 'clubs', PRIV), { [`members.${OTHER}`]: true, lastMemberUid: OTHER, updatedAt: serverTimestamp() });
    await assertFails(b.commit());
    await assertFails(
      setDoc(index(d, OTHER), { clubIds: ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'], updatedAt: serverTimestamp() }),
    );
  });
  it('a club with approval refuses a direct join and takes a request; a host approves it', async () => {
    await assertFails(joinBatch(OTHER, PUB, null).commit());
    const d = db(OTHER);
    const r = writeBatch(d);
    r.set(doc(d, 'clubs', PUB, 'requests', OTHER), { uid: OTHER, displayName: 'Oscar', createdAt: serverTimestamp(), via: null });
    r.set(index(d, OTHER), { clubIds: [PUB], updatedAt: serverTimestamp() });
    await assertSucceeds(r.commit());
    // the requester reads their own request; a stranger cannot
    await assertSucceeds(getDoc(doc(d, 'clubs', PUB, 'requests', OTHER)));
    await assertFails(getDoc(doc(db(MEMBER), 'clubs', PUB, 'requests', OTHER)));
    await assertSucceeds(getDocs(query(collection(db(PAT), 'clubs', PUB, 'requests'), limit(50))));
    await assertFails(getDocs(query(collection(db(OTHER), 'clubs', PUB, 'requests'), limit(50))));
    // approval with a changed name is refused; with the request's fields it goes through
    const h = db(PAT);
    const approve = (name: string) => {
      const b = writeBatch(h);
      b.set(doc(h, 'clubs', PUB, 'members', OTHER), {
        ...memberData(OTHER, 'member'),
        displayName: name,
        joinedAt: serverTimestamp(),
      });
      b.update(doc(h, 'clubs', PUB), { [`members.${OTHER}`]: true, lastMemberUid: OTHER, updatedAt: serverTimestamp() });
      b.delete(doc(h, 'clubs', PUB, 'requests', OTHER));
      return b;
    };
    await assertFails(approve('Mallory').commit());
    await assertSucceeds(approve('Oscar').commit());
    expect((await getDoc(doc(h, 'clubs', PUB))).data()?.members[OTHER]).toBe(true);
  });
  it('HOSTILE: a request to a private club without its code, a forged request, a member approving', async () => {
    await admin((raw) => updateDoc(doc(raw, 'clubs', PRIV), { requireApproval: true }));
    const d = db(OTHER);
    const req = (via: string | null, extra: Record<string, unknown> = {}) => {
      const b = writeBatch(d);
      b.set(doc(d, 'clubs', PRIV, 'requests', OTHER), {
        uid: OTHER,
        displayName: 'O',
        createdAt: serverTimestamp(),
        via,
        ...extra,
      });
      b.set(index(d, OTHER), { clubIds: [PRIV], updatedAt: serverTimestamp() });
      return b;
    };
    await assertFails(req(null).commit());
    await assertFails(req(CODE, { uid: MEMBER }).commit());
    await assertFails(
      setDoc(doc(db(MEMBER), 'clubs', PRIV, 'requests', OTHER), {
        uid: OTHER,
        displayName: 'O',
        createdAt: serverTimestamp(),
        via: CODE,
      }),
    );
    await assertSucceeds(req(CODE).commit());
    await assertFails(updateDoc(doc(d, 'clubs', PRIV, 'requests', OTHER), { displayName: 'X' }));
    const m = db(MEMBER);
    const b = writeBatch(m);
    b.set(doc(m, 'clubs', PRIV, 'members', OTHER), {
      ...memberData(OTHER, 'member'),
      displayName: 'O',
      via: CODE,
      joinedAt: serverTimestamp(),
    });
    b.update(doc(m, 'clubs', PRIV), { [`members.${OTHER}`]: true, lastMemberUid: OTHER, updatedAt: serverTimestamp() });
    b.delete(doc(m, 'clubs', PRIV, 'requests', OTHER));
    await assertFails(b.commit());
    // the reader cancels; the co-host could have declined
    await assertSucceeds(deleteDoc(doc(d, 'clubs', PRIV, 'requests', OTHER)));
  });
});

describe('clubs/{clubId}/members — read', () => {
  it('members (and host, co-host) list the members; a non-member and signed out cannot', async () => {
    for (const uid of [MEMBER, HOST, COHOST]) {
      const snap = await assertSucceeds(getDocs(query(collection(db(uid), 'clubs', PRIV, 'members'), limit(30))));
      expect(snap.size).toBe(3);
    }
    await assertFails(getDocs(query(collection(db(OTHER), 'clubs', PRIV, 'members'), limit(30))));
    await assertFails(getDoc(member(OTHER, MEMBER)));
    await assertFails(getDocs(query(collection(db(null), 'clubs', PRIV, 'members'), limit(30))));
    await assertFails(getDocs(query(collection(db(MEMBER), 'clubs', PRIV, 'members'), limit(51))));
  });
  it('a reader reads their own member document (or learns it is not there)', async () => {
    await assertSucceeds(getDoc(member(MEMBER, MEMBER)));
    await assertSucceeds(getDoc(member(OTHER, OTHER)));
  });
});

describe('leaving, removing, roles', () => {
  it('a member leaves (member document and map entry together)', async () => {
    const d = db(MEMBER);
    const b = writeBatch(d);
    b.delete(doc(d, 'clubs', PRIV, 'members', MEMBER));
    b.update(doc(d, 'clubs', PRIV), {
      [`members.${MEMBER}`]: deleteField(),
      lastMemberUid: MEMBER,
      updatedAt: serverTimestamp(),
    });
    await assertSucceeds(b.commit());
    await assertFails(getDoc(club(MEMBER)));
  });
  it('a co-host leaves, giving up the seat', async () => {
    const d = db(COHOST);
    const b = writeBatch(d);
    b.delete(doc(d, 'clubs', PRIV, 'members', COHOST));
    b.update(doc(d, 'clubs', PRIV), {
      [`members.${COHOST}`]: deleteField(),
      coHostUids: [],
      lastMemberUid: COHOST,
      updatedAt: serverTimestamp(),
    });
    await assertSucceeds(b.commit());
  });
  it('the host cannot leave without transferring first', async () => {
    const d = db(HOST);
    const b = writeBatch(d);
    b.delete(doc(d, 'clubs', PRIV, 'members', HOST));
    b.update(doc(d, 'clubs', PRIV), { [`members.${HOST}`]: deleteField(), lastMemberUid: HOST, updatedAt: serverTimestamp() });
    await assertFails(b.commit());
  });
  it('the host and a co-host remove a plain member', async () => {
    await assertSucceeds(removeBatch(COHOST, MEMBER).commit());
    await assertFails(getDoc(club(MEMBER)));
  });
  it('HOSTILE: removing someone without being host (member, non-member), a co-host removing the host or a co-host', async () => {
    await assertFails(removeBatch(MEMBER, COHOST, { coHostUids: [] }).commit());
    await assertFails(removeBatch(OTHER, MEMBER).commit());
    await assertFails(removeBatch(COHOST, HOST).commit());
    await assertFails(deleteDoc(member(MEMBER, HOST)));
    await assertSucceeds(removeBatch(HOST, COHOST, { coHostUids: [] }).commit());
  });
  it('HOSTILE: a member making themselves host or co-host is refused', async () => {
    await assertFails(updateDoc(member(MEMBER, MEMBER), { role: 'host' }));
    await assertFails(updateDoc(club(MEMBER), { hostUid: MEMBER, lastMemberUid: MEMBER, updatedAt: serverTimestamp() }));
    const d = db(MEMBER);
    const b = writeBatch(d);
    b.update(doc(d, 'clubs', PRIV), { coHostUids: [COHOST, MEMBER], lastMemberUid: MEMBER, updatedAt: serverTimestamp() });
    b.update(doc(d, 'clubs', PRIV, 'members', MEMBER), { role: 'cohost' });
    await assertFails(b.commit());
    // a co-host cannot name co-hosts or take the host's place either
    const c = db(COHOST);
    const b2 = writeBatch(c);
    b2.update(doc(c, 'clubs', PRIV), { coHostUids: [COHOST, MEMBER], lastMemberUid: MEMBER, updatedAt: serverTimestamp() });
    b2.update(doc(c, 'clubs', PRIV, 'members', MEMBER), { role: 'cohost' });
    await assertFails(b2.commit());
  });
  it('the host makes and unmakes a co-host (the member document follows)', async () => {
    const d = db(HOST);
    const make = writeBatch(d);
    make.update(doc(d, 'clubs', PRIV), { coHostUids: [COHOST, MEMBER], lastMemberUid: MEMBER, updatedAt: serverTimestamp() });
    make.update(doc(d, 'clubs', PRIV, 'members', MEMBER), { role: 'cohost' });
    await assertSucceeds(make.commit());
    // the club alone (role left behind) is refused
    await assertFails(updateDoc(club(HOST), { coHostUids: [COHOST], lastMemberUid: MEMBER, updatedAt: serverTimestamp() }));
    const unmake = writeBatch(d);
    unmake.update(doc(d, 'clubs', PRIV), { coHostUids: [COHOST], lastMemberUid: MEMBER, updatedAt: serverTimestamp() });
    unmake.update(doc(d, 'clubs', PRIV, 'members', MEMBER), { role: 'member' });
    await assertSucceeds(unmake.commit());
  });
  it('the host transfers the host role; the old host stays as a member and may then leave', async () => {
    const d = db(HOST);
    const b = writeBatch(d);
    b.update(doc(d, 'clubs', PRIV), { hostUid: MEMBER, lastMemberUid: MEMBER, updatedAt: serverTimestamp() });
    b.update(doc(d, 'clubs', PRIV, 'members', MEMBER), { role: 'host' });
    b.update(doc(d, 'clubs', PRIV, 'members', HOST), { role: 'member' });
    await assertSucceeds(b.commit());
    expect((await getDoc(club(MEMBER))).data()?.hostUid).toBe(MEMBER);
    const l = writeBatch(d);
    l.delete(doc(d, 'clubs', PRIV, 'members', HOST));
    l.update(doc(d, 'clubs', PRIV), { [`members.${HOST}`]: deleteField(), lastMemberUid: HOST, updatedAt: serverTimestamp() });
    await assertSucceeds(l.commit());
  });
  it('HOSTILE: a transfer to a non-member, or without the member documents, is refused', async () => {
    await assertFails(updateDoc(club(HOST), { hostUid: OTHER, lastMemberUid: OTHER, updatedAt: serverTimestamp() }));
    await assertFails(updateDoc(club(HOST), { hostUid: MEMBER, lastMemberUid: MEMBER, updatedAt: serverTimestamp() }));
  });
  it('a member renames themselves in the members list, nobody else can', async () => {
    await assertSucceeds(updateDoc(member(MEMBER, MEMBER), { displayName: '민우' }));
    await assertFails(updateDoc(member(HOST, MEMBER), { displayName: 'Mallory' }));
    await assertFails(updateDoc(member(MEMBER, MEMBER), { joinedAt: at, via: CODE }));
  });
  it('the host closes the club only when alone in it', async () => {
    await assertFails(deleteDoc(club(HOST)));
    await assertFails(deleteDoc(club(MEMBER)));
    await assertSucceeds(deleteDoc(club(PAT, PUB)));
  });
});

describe('invites', () => {
  it('anyone signed in with the code gets the invite; nobody lists them; signed out gets nothing', async () => {
    const snap = await assertSucceeds(getDoc(doc(db(OTHER), 'clubInvites', CODE)));
    expect(snap.data()?.clubId).toBe(PRIV);
    await assertFails(getDocs(query(collection(db(HOST), 'clubInvites'), limit(5))));
    await assertFails(getDoc(doc(db(null), 'clubInvites', CODE)));
  });
  it('only hosts and co-hosts read the club’s current code', async () => {
    await assertSucceeds(getDoc(doc(db(HOST), 'clubs', PRIV, 'private', 'invite')));
    await assertSucceeds(getDoc(doc(db(COHOST), 'clubs', PRIV, 'private', 'invite')));
    await assertFails(getDoc(doc(db(MEMBER), 'clubs', PRIV, 'private', 'invite')));
    await assertFails(getDoc(doc(db(OTHER), 'clubs', PRIV, 'private', 'invite')));
  });
  function regenerate(by: string, next: string, dropOld = true) {
    const d = db(by);
    const b = writeBatch(d);
    b.set(doc(d, 'clubInvites', next), {
      clubId: PRIV,
      clubName: 'x',
      requireApproval: false,
      createdBy: by,
      createdAt: serverTimestamp(),
    });
    b.set(doc(d, 'clubs', PRIV, 'private', 'invite'), { code: next, updatedAt: serverTimestamp() });
    if (dropOld) b.delete(doc(d, 'clubInvites', CODE));
    return b;
  }
  it('a co-host regenerates the code; the old one stops working', async () => {
    await assertSucceeds(regenerate(COHOST, 'NEWC2345').commit());
    await assertFails(joinBatch(OTHER, PRIV, CODE).commit());
    await assertSucceeds(joinBatch(OTHER, PRIV, 'NEWC2345').commit());
  });
  it('HOSTILE: a member or a stranger minting an invite, keeping the old code alive, a malformed code', async () => {
    await assertFails(regenerate(MEMBER, 'NEWC2345').commit());
    await assertFails(regenerate(OTHER, 'NEWC2345').commit());
    await assertFails(regenerate(HOST, 'NEWC2345', false).commit());
    await assertFails(regenerate(HOST, 'newc2345').commit());
    await assertFails(deleteDoc(doc(db(MEMBER), 'clubInvites', CODE)));
    await assertFails(
      setDoc(doc(db(OTHER), 'clubInvites', 'EVIL2345'), {
        clubId: PRIV,
        clubName: 'x',
        requireApproval: false,
        createdBy: OTHER,
        createdAt: serverTimestamp(),
      }),
    );
  });
  it('hosts rename the invite with the club; members cannot', async () => {
    await assertSucceeds(updateDoc(doc(db(HOST), 'clubInvites', CODE), { clubName: '목요 모임' }));
    await assertFails(updateDoc(doc(db(MEMBER), 'clubInvites', CODE), { clubName: 'Evil' }));
    await assertFails(updateDoc(doc(db(HOST), 'clubInvites', CODE), { clubId: PUB }));
  });
});

describe('users/{uid}/clubs/index', () => {
  it('only the owner reads and writes it', async () => {
    await assertSucceeds(getDoc(index(db(MEMBER), MEMBER)));
    await assertFails(getDoc(index(db(HOST), MEMBER)));
    await assertFails(getDoc(index(db(null), MEMBER)));
    await assertSucceeds(setDoc(index(db(MEMBER), MEMBER), { clubIds: [PRIV, PUB], updatedAt: serverTimestamp() }));
    await assertFails(setDoc(index(db(HOST), MEMBER), { clubIds: [], updatedAt: serverTimestamp() }));
    await assertFails(setDoc(index(db(MEMBER), MEMBER), { clubIds: [PRIV, PRIV], updatedAt: serverTimestamp() }));
    await assertFails(setDoc(doc(db(MEMBER), 'users', MEMBER, 'clubs', 'other'), { clubIds: [], updatedAt: serverTimestamp() }));
    await assertSucceeds(deleteDoc(index(db(MEMBER), MEMBER)));
  });
});

describe('members-only profiles (mayViewProfile)', () => {
  const details = (viewer: string | null) => getDoc(doc(db(viewer), 'users', MEMBER, 'profile', 'details'));
  const summary = (viewer: string | null) => getDoc(doc(db(viewer), 'users', MEMBER, 'stats', 'summary'));
  const reading = (viewer: string | null) => getDocs(collection(db(viewer), 'users', MEMBER, 'reading'));
  const name = (viewer: string | null) => getDoc(doc(db(viewer), 'users', MEMBER));
  it('a club-mate reads bio, interests, shelf summary and reading list', async () => {
    for (const viewer of [HOST, COHOST]) {
      expect((await assertSucceeds(details(viewer))).data()?.bio).toBe('밤에 읽는 사람');
      await assertSucceeds(summary(viewer));
      await assertSucceeds(reading(viewer));
    }
  });
  it('a reader who shares no club is refused the details, summary and reading list; name stays readable', async () => {
    await assertFails(details(OTHER));
    await assertFails(summary(OTHER));
    await assertFails(reading(OTHER));
    await assertSucceeds(name(OTHER));
    await assertFails(details(null));
  });
  it('listing a club on one’s own index grants nothing without being in its map', async () => {
    await assertSucceeds(setDoc(index(db(OTHER), OTHER), { clubIds: [PRIV], updatedAt: serverTimestamp() }));
    await assertFails(details(OTHER));
  });
  it('a removed member loses access at once', async () => {
    await assertSucceeds(details(COHOST));
    await assertSucceeds(removeBatch(HOST, COHOST, { coHostUids: [] }).commit());
    await assertFails(details(COHOST));
    await assertFails(summary(COHOST));
  });
  it('a member who left no longer shows their details to the club', async () => {
    const d = db(MEMBER);
    const b = writeBatch(d);
    b.delete(doc(d, 'clubs', PRIV, 'members', MEMBER));
    b.update(doc(d, 'clubs', PRIV), {
      [`members.${MEMBER}`]: deleteField(),
      lastMemberUid: MEMBER,
      updatedAt: serverTimestamp(),
    });
    await assertSucceeds(b.commit());
    await assertFails(details(HOST));
  });
  it('works with the shared club last of 8 on the list, and a deleted club on it grants nothing', async () => {
    await admin((raw) =>
      setDoc(doc(raw, 'users', MEMBER, 'clubs', 'index'), {
        clubIds: ['gone1', 'gone2', 'gone3', 'gone4', 'gone5', 'gone6', PUB, PRIV],
        updatedAt: at,
      }),
    );
    await assertSucceeds(details(HOST));
    await assertSucceeds(summary(COHOST));
    await assertSucceeds(reading(HOST));
    await assertFails(details(OTHER));
  });
  it('a public profile is unchanged: every signed-in reader reads it', async () => {
    await admin((raw) => updateDoc(doc(raw, 'users', MEMBER), { visibility: 'public' }));
    await assertSucceeds(details(OTHER));
    await assertSucceeds(summary(OTHER));
    await assertSucceeds(reading(OTHER));
    await assertFails(details(null));
  });
});

// The matrix cells the tests above leave implicit, spelled out: every club collection × signed out, a reader
// outside the club (OTHER) and a plain member, for the writes only hosts (or the reader themselves) may make.
describe('matrix: signed out, non-member and plain member on every club collection', () => {
  const meetingDoc = (by: string) => ({
    at: Timestamp.fromMillis(1_800_000_000_000),
    note: '1장',
    fromPage: 1,
    toPage: 20,
    updatedBy: by,
    updatedAt: serverTimestamp(),
  });
  const inviteDoc = (by: string) => ({
    clubId: PRIV,
    clubName: 'x',
    requireApproval: false,
    createdBy: by,
    createdAt: serverTimestamp(),
  });
  it('signed out: no club deleted, no member, meeting, request, invite or club list written or read', async () => {
    await admin((raw) => setDoc(doc(raw, 'clubs', PRIV, 'meetings', 'm1'), { ...meetingDoc(HOST), updatedAt: at }));
    const d = db(null);
    await assertFails(deleteDoc(club(null)));
    await assertFails(getDoc(member(null, MEMBER)));
    await assertFails(setDoc(member(null, 'anon'), { ...memberData('anon', 'member'), joinedAt: serverTimestamp(), via: CODE }));
    await assertFails(updateDoc(member(null, MEMBER), { displayName: 'x' }));
    await assertFails(deleteDoc(member(null, MEMBER)));
    await assertFails(setDoc(doc(d, 'clubs', PRIV, 'meetings', 'm2'), meetingDoc('anon')));
    await assertFails(deleteDoc(doc(d, 'clubs', PRIV, 'meetings', 'm1')));
    await assertFails(
      setDoc(doc(d, 'clubs', PUB, 'requests', 'anon'), {
        uid: 'anon',
        displayName: 'A',
        createdAt: serverTimestamp(),
        via: null,
      }),
    );
    await assertFails(getDocs(query(collection(d, 'clubs', PUB, 'requests'), limit(50))));
    await assertFails(getDoc(doc(d, 'clubs', PRIV, 'private', 'invite')));
    await assertFails(setDoc(doc(d, 'clubs', PRIV, 'private', 'invite'), { code: 'ANON2345', updatedAt: serverTimestamp() }));
    await assertFails(setDoc(doc(d, 'clubInvites', 'ANON2345'), inviteDoc('anon')));
    await assertFails(deleteDoc(doc(d, 'clubInvites', CODE)));
    await assertFails(setDoc(index(d, MEMBER), { clubIds: [], updatedAt: serverTimestamp() }));
  });
  it('a reader outside the private club: no delete, no rename of a member, no schedule, no invite read or written', async () => {
    await admin((raw) => setDoc(doc(raw, 'clubs', PRIV, 'meetings', 'm1'), { ...meetingDoc(HOST), updatedAt: at }));
    const d = db(OTHER);
    await assertFails(deleteDoc(club(OTHER)));
    await assertFails(updateDoc(member(OTHER, MEMBER), { displayName: 'Mallory' }));
    await assertFails(deleteDoc(doc(d, 'clubs', PRIV, 'meetings', 'm1')));
    await assertFails(getDoc(doc(d, 'clubs', PRIV, 'private', 'invite')));
    await assertFails(setDoc(doc(d, 'clubs', PRIV, 'private', 'invite'), { code: 'EVIL2345', updatedAt: serverTimestamp() }));
    await assertFails(updateDoc(doc(d, 'clubInvites', CODE), { clubName: 'Evil' }));
    await assertFails(deleteDoc(doc(d, 'clubInvites', CODE)));
    await assertFails(getDoc(index(d, MEMBER)));
  });
  it('a plain member: no delete of the club, of another member, of a meeting or of the invite', async () => {
    await admin((raw) => setDoc(doc(raw, 'clubs', PRIV, 'meetings', 'm1'), { ...meetingDoc(HOST), updatedAt: at }));
    const d = db(MEMBER);
    await assertFails(deleteDoc(club(MEMBER)));
    await assertFails(deleteDoc(member(MEMBER, COHOST)));
    await assertFails(updateDoc(member(MEMBER, COHOST), { displayName: 'x' }));
    await assertFails(
      updateDoc(doc(d, 'clubs', PRIV, 'meetings', 'm1'), { note: '바꿈', updatedBy: MEMBER, updatedAt: serverTimestamp() }),
    );
    await assertFails(deleteDoc(doc(d, 'clubs', PRIV, 'private', 'invite')));
    await assertFails(setDoc(doc(d, 'clubs', PRIV, 'private', 'invite'), { code: 'MINE2345', updatedAt: serverTimestamp() }));
    await assertFails(deleteDoc(doc(d, 'clubInvites', CODE)));
    await assertSucceeds(getDoc(doc(d, 'clubs', PRIV, 'meetings', 'm1')));
  });
});
