import type { RulesTestEnvironment } from '@firebase/rules-unit-testing';
import { assertFails, assertSucceeds } from '@firebase/rules-unit-testing';
import {
  collection,
  deleteDoc,
  doc,
  type Firestore,
  getCountFromServer,
  getDoc,
  getDocs,
  increment,
  limit,
  orderBy,
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
import { ALICE, BOB, batchOf, ISBN, ISBN2, newEntry, seed as seedShelf, shelfRef, statsChange, TODAY } from './shelf-fixtures';

// marathons/{id}, participants, logs, invites and users/{uid}/marathons: signed out, owner, club host,
// club member, participant, non-participant and non-member × get, list, create, update, delete, and the
// hostile writes of issue 11 (an end before the start, a target of 0 or below, a log outside the window
// or for another reader, a log of more pages than the shelf change, editing a total directly, joining a
// private marathon without its code).

const HOST = 'host';
const CAROL = 'carol'; // club member, not in the club marathon
const CLUB = 'club1';
const DAY = 86_400_000;
const CLUB_M = 'clubMarathon01';
const PERSONAL_M = 'personalMarathon1';
const BOOK_M = 'bookMarathon0001';
const THIRD_M = 'thirdMarathon001';
const SECRET = 'ABCD2345';

const mRef = (db: Firestore, id: string) => doc(db, 'marathons', id);
const pRef = (db: Firestore, id: string, uid: string) => doc(db, 'marathons', id, 'participants', uid);
const logRef = (db: Firestore, id: string, logId: string) => doc(db, 'marathons', id, 'logs', logId);
const inviteRef = (db: Firestore, id: string, code = SECRET) => doc(db, 'marathons', id, 'invites', code);
const mineRef = (db: Firestore, uid: string, id: string) => doc(db, 'users', uid, 'marathons', id);

function marathon(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    title: '11월 독서마라톤',
    ownerUid: ALICE,
    clubId: null,
    startAt: Timestamp.fromMillis(Date.now() - DAY),
    endAt: Timestamp.fromMillis(Date.now() + 20 * DAY),
    targetPages: 1000,
    targetBooks: null,
    book: null,
    createdAt: serverTimestamp(),
    ...extra,
  };
}
function participant(uid: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    uid,
    displayName: uid,
    pages: 0,
    books: 0,
    hidden: false,
    lastLogId: null,
    joinedAt: serverTimestamp(),
    updatedAt: serverTimestamp(),
    ...extra,
  };
}

async function seed(env: RulesTestEnvironment): Promise<void> {
  await seedShelf(env);
  await env.withSecurityRulesDisabled(async (ctx) => {
    const db = ctx.firestore() as unknown as Firestore;
    const at = Timestamp.fromMillis(Date.now() - 2 * DAY);
    await setDoc(doc(db, 'clubs', CLUB), {
      name: '수요 독서모임',
      hostUid: HOST,
      coHostUids: [],
      roomCode: 'ABC234',
      visibility: 'private',
    });
    for (const [uid, role] of [
      [HOST, 'host'],
      [ALICE, 'member'],
      [CAROL, 'member'],
    ] as const) {
      await setDoc(doc(db, 'clubs', CLUB, 'members', uid), { uid, displayName: uid, role, joinedAt: at });
    }
    const seeded = (extra: Record<string, unknown>) => ({ ...marathon(extra), createdAt: at });
    await setDoc(mRef(db, CLUB_M), seeded({ ownerUid: HOST, clubId: CLUB, title: '클럽 마라톤' }));
    await setDoc(mRef(db, PERSONAL_M), seeded({}));
    await setDoc(
      mRef(db, BOOK_M),
      seeded({ book: { isbn13: ISBN2, title: '코스모스', authors: ['칼 세이건'], coverUrl: null } }),
    );
    await setDoc(mRef(db, THIRD_M), seeded({ ownerUid: BOB }));
    await setDoc(inviteRef(db, PERSONAL_M), { createdAt: at });
    const joined = { joinedAt: at, updatedAt: at };
    await setDoc(pRef(db, CLUB_M, HOST), participant(HOST, { ...joined, pages: 40 }));
    await setDoc(pRef(db, CLUB_M, ALICE), participant(ALICE, { ...joined, pages: 5 }));
    await setDoc(pRef(db, PERSONAL_M, ALICE), participant(ALICE, joined));
    await setDoc(pRef(db, BOOK_M, ALICE), participant(ALICE, joined));
    await setDoc(pRef(db, THIRD_M, BOB), participant(BOB, joined));
    await setDoc(pRef(db, THIRD_M, ALICE), participant(ALICE, { ...joined, inviteCode: SECRET }));
    await setDoc(logRef(db, CLUB_M, 'seededLog'), { uid: HOST, isbn13: ISBN, delta: 40, books: 0, at });
  });
}

const { db, admin } = useRulesEnv(seed);

type LogSpec = { id: string; delta?: number; books?: number; at?: Timestamp; uid?: string; isbn?: string; logId?: string };

/**
 * Alice's +10 on ISBN (page 10 → 20) as the shelf writes it: entry, stats, and one log + participant
 * update per marathon. `shelfPages` changes what the shelf moves (stats follow it).
 */
function plusTen(dbx: Firestore, logs: LogSpec[], opts: { shelfPages?: number; participantDelta?: number } = {}) {
  const pages = opts.shelfPages ?? 10;
  const b = batchOf(dbx);
  if (pages !== 0) {
    b.update(shelfRef(dbx, ALICE), { currentPage: increment(pages), updatedAt: serverTimestamp() });
    statsChange(b, dbx, ALICE, { pages, day: pages > 0 ? TODAY : null });
  }
  logs.forEach((l, i) => {
    const logId = l.logId ?? `log-${Date.now()}-${i}-${Math.random().toString(36).slice(2, 8)}`;
    b.set(logRef(dbx, l.id, logId), {
      uid: l.uid ?? ALICE,
      isbn13: l.isbn ?? ISBN,
      delta: l.delta ?? pages,
      books: l.books ?? 0,
      at: l.at ?? Timestamp.now(),
    });
    b.update(pRef(dbx, l.id, ALICE), {
      pages: increment(opts.participantDelta ?? l.delta ?? pages),
      books: increment(0),
      lastLogId: logId,
      updatedAt: serverTimestamp(),
    });
  });
  return b.commit();
}

async function pages(id: string, uid = ALICE): Promise<number> {
  let n = -1;
  await admin(async (a) => {
    n = (await getDoc(pRef(a, id, uid))).data()?.pages as number;
  });
  return n;
}

describe('marathons — read', () => {
  it('signed out: get and list refused', async () => {
    await assertFails(getDoc(mRef(db(null), CLUB_M)));
    await assertFails(getDocs(query(collection(db(null), 'marathons'), where('clubId', '==', CLUB), limit(10))));
  });
  it("club marathon: the club's members read and list it (participant or not); a non-member cannot", async () => {
    await assertSucceeds(getDoc(mRef(db(CAROL), CLUB_M)));
    await assertSucceeds(getDoc(mRef(db(HOST), CLUB_M)));
    const byClub = (uid: string) =>
      getDocs(query(collection(db(uid), 'marathons'), where('clubId', '==', CLUB), orderBy('endAt'), limit(20)));
    await assertSucceeds(byClub(CAROL));
    await assertFails(getDoc(mRef(db(BOB), CLUB_M)));
    await assertFails(byClub(BOB));
  });
  it('personal marathon: owner and participants read it; others cannot; nobody lists all marathons', async () => {
    await assertSucceeds(getDoc(mRef(db(ALICE), PERSONAL_M)));
    await assertSucceeds(getDoc(mRef(db(ALICE), THIRD_M)));
    await assertFails(getDoc(mRef(db(BOB), PERSONAL_M)));
    await assertFails(getDoc(mRef(db(CAROL), THIRD_M)));
    await assertFails(getDocs(query(collection(db(ALICE), 'marathons'), limit(10))));
    await assertFails(getDocs(query(collection(db(CAROL), 'marathons'), where('clubId', '==', CLUB))));
  });
});

describe('marathons — create', () => {
  const create = (uid: string, extra: Record<string, unknown> = {}) =>
    setDoc(mRef(db(uid), `new-${uid}-${Math.random().toString(36).slice(2, 8)}`), marathon({ ownerUid: uid, ...extra }));
  it('a reader creates a personal marathon; the club host creates a club marathon', async () => {
    await assertSucceeds(create(BOB));
    await assertSucceeds(create(HOST, { clubId: CLUB }));
  });
  it('refuses a club marathon from a member who does not host the club, and one for a club that does not exist', async () => {
    await assertFails(create(CAROL, { clubId: CLUB }));
    await assertFails(create(BOB, { clubId: CLUB }));
    await assertFails(create(HOST, { clubId: 'no-such-club' }));
  });
  it('a co-host may create a club marathon', async () => {
    await admin((a) => updateDoc(doc(a, 'clubs', CLUB), { coHostUids: [CAROL] }));
    await assertSucceeds(create(CAROL, { clubId: CLUB }));
  });
  it('signed out, or for another owner: refused', async () => {
    await assertFails(setDoc(mRef(db(null), 'x1234567890'), marathon()));
    await assertFails(create(BOB, { ownerUid: ALICE }));
  });
  it('hostile: an end before the start, a window over a year, an end already past', async () => {
    const now = Date.now();
    await assertFails(create(BOB, { startAt: Timestamp.fromMillis(now + 5 * DAY), endAt: Timestamp.fromMillis(now + DAY) }));
    await assertFails(create(BOB, { startAt: Timestamp.fromMillis(now + DAY), endAt: Timestamp.fromMillis(now + DAY) }));
    await assertFails(create(BOB, { startAt: Timestamp.fromMillis(now), endAt: Timestamp.fromMillis(now + 367 * DAY) }));
    await assertSucceeds(create(BOB, { startAt: Timestamp.fromMillis(now), endAt: Timestamp.fromMillis(now + 365 * DAY) }));
    await assertFails(create(BOB, { startAt: Timestamp.fromMillis(now - 9 * DAY), endAt: Timestamp.fromMillis(now - DAY) }));
    await assertFails(create(BOB, { endAt: 'next week' }));
  });
  it('hostile: a target of 0, a negative or fractional one, over 100,000; bad target books; extra fields', async () => {
    for (const targetPages of [0, -10, 1.5, 100_001, '100']) await assertFails(create(BOB, { targetPages }));
    await assertSucceeds(create(BOB, { targetPages: 1 }));
    await assertSucceeds(create(BOB, { targetPages: 100_000, targetBooks: 12 }));
    for (const targetBooks of [0, -1, 1001, 2.5]) await assertFails(create(BOB, { targetBooks }));
    await assertFails(create(BOB, { isAdmin: true }));
    await assertFails(create(BOB, { title: '' }));
    await assertFails(create(BOB, { title: big(81) }));
    await assertFails(create(BOB, { title: big(1_000_000) }));
    await assertFails(create(BOB, { title: 'line\nbreak' }));
    await assertFails(create(BOB, { book: { isbn13: 'nope', title: 'x', authors: [], coverUrl: null } }));
    await assertSucceeds(create(BOB, { book: { isbn13: ISBN, title: '아몬드', authors: ['손원평'], coverUrl: null } }));
  });
});

describe('marathons — update and delete', () => {
  it('the owner renames it; nobody changes its window, target or club', async () => {
    await assertSucceeds(updateDoc(mRef(db(ALICE), PERSONAL_M), { title: '새 이름' }));
    await assertFails(updateDoc(mRef(db(ALICE), PERSONAL_M), { targetPages: 1 }));
    await assertFails(updateDoc(mRef(db(ALICE), PERSONAL_M), { endAt: Timestamp.fromMillis(Date.now() + 100 * DAY) }));
    await assertFails(updateDoc(mRef(db(HOST), CLUB_M), { clubId: null }));
    await assertFails(updateDoc(mRef(db(CAROL), CLUB_M), { title: 'mine now' }));
    await assertFails(updateDoc(mRef(db(null), PERSONAL_M), { title: 'x' }));
  });
  it('only the owner deletes it', async () => {
    await assertFails(deleteDoc(mRef(db(ALICE), CLUB_M)));
    await assertFails(deleteDoc(mRef(db(null), PERSONAL_M)));
    await assertSucceeds(deleteDoc(mRef(db(HOST), CLUB_M)));
  });
});

describe('participants — read', () => {
  const board = (uid: string | null, id: string) =>
    getDocs(
      query(
        collection(db(uid), 'marathons', id, 'participants'),
        where('hidden', '==', false),
        orderBy('pages', 'desc'),
        limit(10),
      ),
    );
  it('club members read the leaderboard and count their rank; non-members and signed out cannot', async () => {
    await assertSucceeds(board(CAROL, CLUB_M));
    await assertSucceeds(board(ALICE, CLUB_M));
    const rank = await getCountFromServer(
      query(collection(db(ALICE), 'marathons', CLUB_M, 'participants'), where('hidden', '==', false), where('pages', '>', 5)),
    );
    expect(rank.data().count).toBe(1);
    await assertFails(board(BOB, CLUB_M));
    await assertFails(board(null, CLUB_M));
    await assertFails(getDoc(pRef(db(BOB), CLUB_M, ALICE)));
  });
  it('personal marathon: participants and the owner read it; others cannot', async () => {
    await assertSucceeds(board(ALICE, THIRD_M));
    await assertSucceeds(board(BOB, THIRD_M));
    await assertFails(board(CAROL, THIRD_M));
  });
});

describe('participants — join (create)', () => {
  it("a club member joins the club's marathon; a non-member cannot", async () => {
    await assertSucceeds(setDoc(pRef(db(CAROL), CLUB_M, CAROL), participant(CAROL)));
    await assertFails(setDoc(pRef(db(BOB), CLUB_M, BOB), participant(BOB)));
  });
  it('hostile: joining a private marathon without its code, or with a wrong one; with the code it works', async () => {
    await assertFails(setDoc(pRef(db(BOB), PERSONAL_M, BOB), participant(BOB)));
    await assertFails(setDoc(pRef(db(BOB), PERSONAL_M, BOB), participant(BOB, { inviteCode: 'ZZZZ9999' })));
    await assertFails(setDoc(pRef(db(BOB), PERSONAL_M, BOB), participant(BOB, { inviteCode: 'bad/../code' })));
    await assertSucceeds(setDoc(pRef(db(BOB), PERSONAL_M, BOB), participant(BOB, { inviteCode: SECRET })));
    await assertSucceeds(getDoc(mRef(db(BOB), PERSONAL_M)));
  });
  it('refuses joining for another reader, signed out, with pages already, or after the end', async () => {
    await assertFails(setDoc(pRef(db(CAROL), CLUB_M, BOB), participant(BOB)));
    await assertFails(setDoc(pRef(db(null), CLUB_M, CAROL), participant(CAROL)));
    await assertFails(setDoc(pRef(db(CAROL), CLUB_M, CAROL), participant(CAROL, { pages: 500 })));
    await assertFails(setDoc(pRef(db(CAROL), CLUB_M, CAROL), participant(CAROL, { lastLogId: 'seededLog' })));
    await assertFails(setDoc(pRef(db(CAROL), CLUB_M, CAROL), participant(CAROL, { displayName: big(41) })));
    await admin((a) =>
      updateDoc(mRef(a, CLUB_M), {
        startAt: Timestamp.fromMillis(Date.now() - 9 * DAY),
        endAt: Timestamp.fromMillis(Date.now() - DAY),
      }),
    );
    await assertFails(setDoc(pRef(db(CAROL), CLUB_M, CAROL), participant(CAROL)));
  });
});

describe('participants — update and delete', () => {
  it('a reader hides from the leaderboard and shows again', async () => {
    await assertSucceeds(updateDoc(pRef(db(ALICE), CLUB_M, ALICE), { hidden: true, updatedAt: serverTimestamp() }));
    await assertSucceeds(updateDoc(pRef(db(ALICE), CLUB_M, ALICE), { hidden: false, updatedAt: serverTimestamp() }));
    await assertFails(updateDoc(pRef(db(HOST), CLUB_M, ALICE), { hidden: true, updatedAt: serverTimestamp() }));
  });
  it('hostile: editing a total directly is refused (even with a made-up lastLogId)', async () => {
    const self = pRef(db(ALICE), CLUB_M, ALICE);
    await assertFails(updateDoc(self, { pages: 5000, updatedAt: serverTimestamp() }));
    await assertFails(updateDoc(self, { pages: increment(10), updatedAt: serverTimestamp() }));
    await assertFails(updateDoc(self, { pages: increment(10), lastLogId: 'madeUp', updatedAt: serverTimestamp() }));
    await assertFails(updateDoc(self, { pages: increment(10), lastLogId: 'seededLog', updatedAt: serverTimestamp() }));
    await assertFails(updateDoc(self, { books: 3, updatedAt: serverTimestamp() }));
    await assertFails(updateDoc(pRef(db(HOST), CLUB_M, ALICE), { pages: 0, updatedAt: serverTimestamp() }));
    expect(await pages(CLUB_M)).toBe(5);
  });
  it('a reader leaves (deletes their row); nobody deletes another reader', async () => {
    await assertFails(deleteDoc(pRef(db(HOST), CLUB_M, ALICE)));
    await assertFails(deleteDoc(pRef(db(null), CLUB_M, ALICE)));
    await assertSucceeds(deleteDoc(pRef(db(ALICE), CLUB_M, ALICE)));
  });
});

describe('logs — the shelf batch', () => {
  it('+10 on the shelf logs 10 pages to a running marathon and moves the total by 10', async () => {
    await assertSucceeds(plusTen(db(ALICE), [{ id: CLUB_M }]));
    expect(await pages(CLUB_M)).toBe(15);
  });
  it('one batch logs to 3 marathons at once within the document-access limit', async () => {
    await assertSucceeds(plusTen(db(ALICE), [{ id: CLUB_M }, { id: PERSONAL_M }, { id: THIRD_M }]));
    expect([await pages(CLUB_M), await pages(PERSONAL_M), await pages(THIRD_M)]).toEqual([15, 10, 10]);
  });
  it('hostile: a log of more pages than the shelf change', async () => {
    await assertFails(plusTen(db(ALICE), [{ id: CLUB_M, delta: 11 }]));
    await assertFails(plusTen(db(ALICE), [{ id: CLUB_M, delta: 9 }]));
    await assertFails(plusTen(db(ALICE), [{ id: CLUB_M, delta: 10 }], { participantDelta: 100 }));
    expect(await pages(CLUB_M)).toBe(5);
  });
  it('hostile: a log without a shelf change in the batch, or a log alone', async () => {
    await assertFails(plusTen(db(ALICE), [{ id: CLUB_M, delta: 10 }], { shelfPages: 0 }));
    await assertFails(
      setDoc(logRef(db(ALICE), CLUB_M, 'lonely'), { uid: ALICE, isbn13: ISBN, delta: 10, books: 0, at: Timestamp.now() }),
    );
  });
  it('hostile: a log for another reader', async () => {
    await assertFails(plusTen(db(ALICE), [{ id: CLUB_M, uid: HOST }]));
    // Moving another reader's total with one's own log.
    const b = writeBatch(db(ALICE));
    b.update(shelfRef(db(ALICE), ALICE), { currentPage: increment(10), updatedAt: serverTimestamp() });
    statsChange(b, db(ALICE), ALICE, { pages: 10, day: TODAY });
    b.set(logRef(db(ALICE), CLUB_M, 'forHost'), { uid: ALICE, isbn13: ISBN, delta: 10, books: 0, at: Timestamp.now() });
    b.update(pRef(db(ALICE), CLUB_M, HOST), {
      pages: increment(10),
      books: increment(0),
      lastLogId: 'forHost',
      updatedAt: serverTimestamp(),
    });
    await assertFails(b.commit());
  });
  it('hostile: a log outside the window (before the start, after the end, in the future, over 8 days old)', async () => {
    await admin((a) => updateDoc(mRef(a, CLUB_M), { startAt: Timestamp.fromMillis(Date.now() - 2 * 3_600_000) }));
    await assertFails(plusTen(db(ALICE), [{ id: CLUB_M, at: Timestamp.fromMillis(Date.now() - 3 * 3_600_000) }]));
    await assertFails(plusTen(db(ALICE), [{ id: CLUB_M, at: Timestamp.fromMillis(Date.now() + 3_600_000) }]));
    await assertFails(plusTen(db(ALICE), [{ id: PERSONAL_M, at: Timestamp.fromMillis(Date.now() - 9 * DAY) }]));
    await admin((a) =>
      updateDoc(mRef(a, PERSONAL_M), {
        startAt: Timestamp.fromMillis(Date.now() - 9 * DAY),
        endAt: Timestamp.fromMillis(Date.now() - DAY),
      }),
    );
    await assertFails(plusTen(db(ALICE), [{ id: PERSONAL_M }]));
    expect(await pages(PERSONAL_M)).toBe(0);
  });
  it('an offline log commits later: checked against its own instant inside the window (3 days ago)', async () => {
    await admin((a) =>
      updateDoc(mRef(a, PERSONAL_M), {
        startAt: Timestamp.fromMillis(Date.now() - 10 * DAY),
        endAt: Timestamp.fromMillis(Date.now() - 2 * DAY),
      }),
    );
    await assertSucceeds(plusTen(db(ALICE), [{ id: PERSONAL_M, at: Timestamp.fromMillis(Date.now() - 3 * DAY) }]));
    expect(await pages(PERSONAL_M)).toBe(10);
  });
  it('a single-book marathon takes logs of that book only', async () => {
    await assertFails(plusTen(db(ALICE), [{ id: BOOK_M }]));
  });
  it('a correction is a compensating log: a decrease logs at most the decrease, never more', async () => {
    await assertSucceeds(plusTen(db(ALICE), [{ id: CLUB_M }]));
    // 20 → 15 on the shelf: −5 on the marathon (or less, clamped at what the reader has).
    await assertSucceeds(plusTen(db(ALICE), [{ id: CLUB_M, delta: -5 }], { shelfPages: -5 }));
    expect(await pages(CLUB_M)).toBe(10);
    await assertFails(plusTen(db(ALICE), [{ id: CLUB_M, delta: -6 }], { shelfPages: -5 }));
    await assertFails(plusTen(db(ALICE), [{ id: CLUB_M, delta: 5 }], { shelfPages: -5 }));
    await assertSucceeds(plusTen(db(ALICE), [{ id: CLUB_M, delta: -2 }], { shelfPages: -5 }));
    expect(await pages(CLUB_M)).toBe(8);
  });
  it('logs are append-only: no update, no delete, not even by their reader', async () => {
    await assertSucceeds(plusTen(db(ALICE), [{ id: CLUB_M, logId: 'fixed' }]));
    await assertFails(updateDoc(logRef(db(ALICE), CLUB_M, 'fixed'), { delta: 100 }));
    await assertFails(deleteDoc(logRef(db(ALICE), CLUB_M, 'fixed')));
    // Re-using a log id to bump the total again.
    await assertFails(plusTen(db(ALICE), [{ id: CLUB_M, logId: 'fixed' }]));
  });
  it('a reader reads their own logs, not anyone else’s', async () => {
    await assertSucceeds(plusTen(db(ALICE), [{ id: CLUB_M }]));
    const mine = (uid: string | null, who: string) =>
      getDocs(query(collection(db(uid), 'marathons', CLUB_M, 'logs'), where('uid', '==', who), orderBy('at', 'desc'), limit(50)));
    await assertSucceeds(mine(ALICE, ALICE));
    await assertFails(mine(ALICE, HOST));
    await assertFails(mine(CAROL, HOST));
    await assertFails(mine(null, ALICE));
    await assertFails(getDoc(logRef(db(ALICE), CLUB_M, 'seededLog')));
    await assertSucceeds(getDoc(logRef(db(HOST), CLUB_M, 'seededLog')));
  });
});

describe('invites', () => {
  it('only the owner gets or lists them', async () => {
    await assertSucceeds(getDoc(inviteRef(db(ALICE), PERSONAL_M)));
    await assertSucceeds(getDocs(collection(db(ALICE), 'marathons', PERSONAL_M, 'invites')));
    await assertFails(getDoc(inviteRef(db(BOB), PERSONAL_M)));
    await assertFails(getDocs(collection(db(BOB), 'marathons', PERSONAL_M, 'invites')));
    await assertFails(getDocs(collection(db(null), 'marathons', PERSONAL_M, 'invites')));
  });
  it('only the owner creates or deletes one; none for a club marathon; never updated', async () => {
    await assertSucceeds(setDoc(inviteRef(db(ALICE), PERSONAL_M, 'XYZW3456'), { createdAt: serverTimestamp() }));
    await assertFails(setDoc(inviteRef(db(BOB), PERSONAL_M, 'XYZW3457'), { createdAt: serverTimestamp() }));
    await assertFails(setDoc(inviteRef(db(HOST), CLUB_M, 'XYZW3458'), { createdAt: serverTimestamp() }));
    await assertFails(setDoc(inviteRef(db(ALICE), PERSONAL_M, 'lower123'), { createdAt: serverTimestamp() }));
    await assertFails(updateDoc(inviteRef(db(ALICE), PERSONAL_M), { createdAt: serverTimestamp() }));
    await assertFails(deleteDoc(inviteRef(db(BOB), PERSONAL_M)));
    await assertSucceeds(deleteDoc(inviteRef(db(ALICE), PERSONAL_M)));
  });
  it('create a personal marathon with its invite, the owner’s row and list entry in one batch', async () => {
    const a = db(BOB);
    const id = 'bobsNewMarathon1';
    const m = marathon({ ownerUid: BOB });
    const b = writeBatch(a);
    b.set(mRef(a, id), m);
    b.set(inviteRef(a, id, 'QRST6789'), { createdAt: serverTimestamp() });
    b.set(pRef(a, id, BOB), participant(BOB));
    b.set(mineRef(a, BOB, id), {
      marathonId: id,
      title: m.title,
      clubId: null,
      startAt: m.startAt,
      endAt: m.endAt,
      targetPages: 1000,
      targetBooks: null,
      bookIsbn: null,
      joinedAt: serverTimestamp(),
    });
    await assertSucceeds(b.commit());
  });
});

describe("users/{uid}/marathons — the reader's own list", () => {
  const entry = (extra: Record<string, unknown> = {}) => ({
    marathonId: CLUB_M,
    title: '클럽 마라톤',
    clubId: CLUB,
    startAt: Timestamp.fromMillis(0),
    endAt: Timestamp.fromMillis(0),
    targetPages: 1000,
    targetBooks: null,
    bookIsbn: null,
    joinedAt: serverTimestamp(),
    ...extra,
  });
  async function withWindow(extra: Record<string, unknown> = {}) {
    let startAt: unknown;
    let endAt: unknown;
    await admin(async (a) => {
      const data = (await getDoc(mRef(a, CLUB_M))).data();
      startAt = data?.startAt;
      endAt = data?.endAt;
    });
    return entry({ startAt, endAt, ...extra });
  }
  it('the owner writes it for a marathon they are in, equal to the marathon; reads and deletes it', async () => {
    await assertSucceeds(setDoc(mineRef(db(ALICE), ALICE, CLUB_M), await withWindow()));
    await assertSucceeds(getDocs(collection(db(ALICE), 'users', ALICE, 'marathons')));
    await assertSucceeds(deleteDoc(mineRef(db(ALICE), ALICE, CLUB_M)));
  });
  it('refuses one that differs from the marathon, or for a marathon the reader is not in', async () => {
    await assertFails(setDoc(mineRef(db(ALICE), ALICE, CLUB_M), await withWindow({ targetPages: 1 })));
    await assertFails(setDoc(mineRef(db(CAROL), CAROL, CLUB_M), await withWindow()));
  });
  it('others and signed out cannot read or write it', async () => {
    await assertFails(getDocs(collection(db(BOB), 'users', ALICE, 'marathons')));
    await assertFails(getDoc(mineRef(db(null), ALICE, CLUB_M)));
    await assertFails(setDoc(mineRef(db(BOB), ALICE, CLUB_M), await withWindow()));
  });
});

// Keep the unused fixture import honest: Bob's shelf is empty, so his +10 cannot log anywhere.
describe('a reader with no shelf entry', () => {
  it('cannot log pages to a marathon', async () => {
    const b = writeBatch(db(BOB));
    b.set(logRef(db(BOB), THIRD_M, 'bobLog'), { uid: BOB, isbn13: ISBN, delta: 10, books: 0, at: Timestamp.now() });
    b.update(pRef(db(BOB), THIRD_M, BOB), {
      pages: increment(10),
      books: increment(0),
      lastLogId: 'bobLog',
      updatedAt: serverTimestamp(),
    });
    await assertFails(b.commit());
    expect(newEntry()).toBeTruthy();
  });
});

// The matrix cells the tests above leave implicit, spelled out: every marathon collection × signed out, a reader
// outside the marathon (BOB for the club's, CAROL for a personal one), a club member who is not the owner, and the
// club's host on someone else's row or log.
describe('matrix: everyone who is not the row’s reader or the owner', () => {
  it('signed out: no participant update or read, no log, no invite, no list entry', async () => {
    await assertFails(getDoc(pRef(db(null), CLUB_M, ALICE)));
    await assertFails(updateDoc(pRef(db(null), CLUB_M, ALICE), { hidden: true, updatedAt: serverTimestamp() }));
    await assertFails(
      setDoc(logRef(db(null), CLUB_M, 'anonLog'), { uid: ALICE, isbn13: ISBN, delta: 10, books: 0, at: Timestamp.now() }),
    );
    await assertFails(setDoc(inviteRef(db(null), PERSONAL_M, 'XYZW3459'), { createdAt: serverTimestamp() }));
    await assertFails(deleteDoc(inviteRef(db(null), PERSONAL_M)));
    await assertFails(deleteDoc(mineRef(db(null), ALICE, CLUB_M)));
  });
  it('a reader outside the marathon: no update or delete of it, no row of theirs moved, no log', async () => {
    await assertFails(updateDoc(mRef(db(BOB), PERSONAL_M), { title: 'mine now' }));
    await assertFails(deleteDoc(mRef(db(BOB), PERSONAL_M)));
    await assertFails(deleteDoc(mRef(db(CAROL), THIRD_M)));
    await assertFails(updateDoc(pRef(db(BOB), CLUB_M, ALICE), { hidden: true, updatedAt: serverTimestamp() }));
    await assertFails(getDoc(pRef(db(CAROL), THIRD_M, BOB)));
    await assertFails(getDocs(query(collection(db(BOB), 'marathons', CLUB_M, 'logs'), where('uid', '==', ALICE), limit(10))));
  });
  it('a club member who does not own the club marathon: no rename, no delete, no one else’s row', async () => {
    await assertSucceeds(getDoc(mRef(db(CAROL), CLUB_M)));
    await assertFails(updateDoc(mRef(db(CAROL), CLUB_M), { title: 'x' }));
    await assertFails(deleteDoc(mRef(db(CAROL), CLUB_M)));
    await assertFails(updateDoc(pRef(db(CAROL), CLUB_M, HOST), { hidden: true, updatedAt: serverTimestamp() }));
    await assertFails(deleteDoc(pRef(db(CAROL), CLUB_M, ALICE)));
  });
  it('the club host (the marathon’s owner): no one else’s log touched, no total of a reader moved', async () => {
    await assertSucceeds(plusTen(db(ALICE), [{ id: CLUB_M, logId: 'alicesLog' }]));
    await assertFails(getDoc(logRef(db(HOST), CLUB_M, 'alicesLog')));
    await assertFails(updateDoc(logRef(db(HOST), CLUB_M, 'alicesLog'), { delta: 0 }));
    await assertFails(deleteDoc(logRef(db(HOST), CLUB_M, 'alicesLog')));
    await assertFails(
      updateDoc(pRef(db(HOST), CLUB_M, ALICE), { pages: increment(-15), lastLogId: 'alicesLog', updatedAt: serverTimestamp() }),
    );
    expect(await pages(CLUB_M)).toBe(15);
  });
});
