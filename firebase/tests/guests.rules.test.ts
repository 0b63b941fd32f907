import type { RulesTestEnvironment } from '@firebase/rules-unit-testing';
import { assertFails, assertSucceeds } from '@firebase/rules-unit-testing';
import {
  arrayUnion,
  collection,
  deleteDoc,
  doc,
  type Firestore,
  getDoc,
  getDocs,
  increment,
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
import { weekOf } from '../../shared/schemas/post';
import { useRulesEnv } from './rules-env';
import {
  ALICE,
  BOB,
  bookRef,
  ISBN,
  newEntry,
  readingEntry,
  readingRef,
  seed as seedShelf,
  shelfRef,
  statsChange,
  TODAY,
  userRef,
} from './shelf-fixtures';

// Guests (issue 15): a web-room guest signs in with Firebase anonymous auth and must write nothing. Every write
// below is made twice by the same uid (ALICE) against the same data: first with an anonymous token (refused),
// then with an e-mail account's token (allowed). The only difference is the token's firebase.sign_in_provider,
// so each pair proves that the guest bit, and nothing else, is what refuses the write.
const NEW = '9788932917245';
const REVIEWED = '9788936434120';
const DAY = 86_400_000;
const at = Timestamp.fromMillis(Date.now() - 2 * DAY);
const PM = 'aliceMarathon01';
const OWN_CLUB = 'club-alice';
const BOB_CLUB = 'club-bob';
const ASK_CLUB = 'club-ask';
const CODE = 'ABCD2345';
const BOB_POST = 'bob-review';
const ALICE_POST = 'alice-essay';

const clubData = (host: string, extra: Record<string, unknown> = {}) => ({
  name: '수요 독서모임',
  description: '한 달에 한 권',
  visibility: 'private',
  requireApproval: false,
  hostUid: host,
  coHostUids: [],
  members: { [host]: true },
  roomCode: 'K7P2QX',
  currentBook: null,
  createdAt: at,
  updatedAt: at,
  ...extra,
});
const memberData = (uid: string, role: string) => ({ uid, displayName: uid.toUpperCase(), role, joinedAt: at, via: null });
const marathon = (extra: Record<string, unknown> = {}) => ({
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
});
const participant = (uid: string, extra: Record<string, unknown> = {}) => ({
  uid,
  displayName: uid,
  pages: 0,
  books: 0,
  hidden: false,
  lastLogId: null,
  joinedAt: serverTimestamp(),
  updatedAt: serverTimestamp(),
  ...extra,
});
const post = (extra: Record<string, unknown> = {}) => ({
  kind: 'essay',
  isbn13: ISBN,
  bookTitle: '아몬드',
  bookAuthors: ['손원평'],
  bookCoverUrl: null,
  category: 'novel',
  authorUid: ALICE,
  authorName: 'Alice',
  authorLevel: 3,
  title: '독후감',
  body: '좋았다.',
  rating: null,
  quotePage: null,
  audience: null,
  toUid: null,
  toName: null,
  spoilerPage: null,
  clubId: null,
  status: 'visible',
  likeCount: 0,
  commentCount: 0,
  lastCommentId: null,
  week: weekOf(new Date()),
  createdAt: serverTimestamp(),
  editedAt: null,
  ...extra,
});

/**
 * The shelf seed (ALICE reads ISBN at page 10, with stats; BOB has a public profile), plus: ALICE's personal
 * marathon with her row and an invite, a club ALICE hosts, a club of BOB's with an invite code, a public club
 * that asks for approval, BOB's public review and ALICE's essay with a comment of hers.
 */
async function seed(env: RulesTestEnvironment): Promise<void> {
  await seedShelf(env);
  await env.withSecurityRulesDisabled(async (ctx) => {
    const db = ctx.firestore() as unknown as Firestore;
    await setDoc(doc(db, 'marathons', PM), { ...marathon(), createdAt: at });
    await setDoc(doc(db, 'marathons', PM, 'participants', ALICE), participant(ALICE, { joinedAt: at, updatedAt: at }));
    await setDoc(doc(db, 'marathons', PM, 'invites', 'WXYZ2345'), { createdAt: at });
    await setDoc(doc(db, 'clubs', OWN_CLUB), clubData(ALICE));
    await setDoc(doc(db, 'clubs', OWN_CLUB, 'members', ALICE), memberData(ALICE, 'host'));
    await setDoc(doc(db, 'users', ALICE, 'clubs', 'index'), { clubIds: [OWN_CLUB], updatedAt: at });
    await setDoc(doc(db, 'clubs', BOB_CLUB), clubData(BOB));
    await setDoc(doc(db, 'clubs', BOB_CLUB, 'members', BOB), memberData(BOB, 'host'));
    await setDoc(doc(db, 'clubs', BOB_CLUB, 'private', 'invite'), { code: CODE, updatedAt: at });
    await setDoc(doc(db, 'clubInvites', CODE), {
      clubId: BOB_CLUB,
      clubName: '수요 독서모임',
      requireApproval: false,
      createdBy: BOB,
      createdAt: at,
    });
    await setDoc(doc(db, 'clubs', ASK_CLUB), clubData(BOB, { visibility: 'public', requireApproval: true }));
    await setDoc(doc(db, 'clubs', ASK_CLUB, 'members', BOB), memberData(BOB, 'host'));
    await setDoc(doc(db, 'posts', BOB_POST), {
      ...post({ kind: 'review', authorUid: BOB, authorName: 'Bob', title: '', rating: 4, isbn13: REVIEWED }),
      createdAt: at,
    });
    await setDoc(doc(db, 'posts', ALICE_POST), { ...post({ commentCount: 1, lastCommentId: 'c-alice' }), createdAt: at });
    await setDoc(doc(db, 'posts', ALICE_POST, 'comments', 'c-alice'), {
      authorUid: ALICE,
      authorName: 'Alice',
      body: '저도요',
      parentId: null,
      thread: `${Date.now() - DAY}_c-alice`,
      spoilerPage: null,
      status: 'visible',
      createdAt: at,
      editedAt: null,
    });
    await setDoc(doc(db, 'users', ALICE, 'limits', 'posting'), { lastPostAt: at });
    await setDoc(userRef(db, ALICE), { displayName: 'Alice', createdAt: at, visibility: 'members', showReading: true });
  });
}

const { db, admin } = useRulesEnv(seed);
const guest = () => db(ALICE, 'anonymous');
const reader = () => db(ALICE, 'password');

type WriteCase = [name: string, write: (d: Firestore) => Promise<unknown>, prepare?: (raw: Firestore) => Promise<unknown>];

/** The same write by the same uid: refused with an anonymous token, allowed with an e-mail account's token. */
async function guestRefusedReaderAllowed([, write, prepare]: WriteCase) {
  if (prepare) await admin(prepare);
  await assertFails(write(guest()));
  await assertSucceeds(write(reader()));
}

let seq = 0;
const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${++seq}`;

const profileWrites: WriteCase[] = [
  [
    'users/{uid}: create the profile',
    (d) => setDoc(userRef(d, ALICE), { displayName: '손님', createdAt: serverTimestamp() }),
    (raw) => deleteDoc(userRef(raw, ALICE)),
  ],
  ['users/{uid}: update the profile', (d) => updateDoc(userRef(d, ALICE), { displayName: '새 이름' })],
  ['users/{uid}: delete the profile', (d) => deleteDoc(userRef(d, ALICE))],
  [
    'users/{uid}/profile/details: write the bio and interests',
    (d) =>
      setDoc(doc(d, 'users', ALICE, 'profile', 'details'), {
        bio: '시집을 좋아해요',
        interests: ['novel'],
        updatedAt: serverTimestamp(),
      }),
  ],
  [
    'users/{uid}/reading: show a book as being read',
    (d) => setDoc(readingRef(d, ALICE), readingEntry()),
    (raw) => deleteDoc(readingRef(raw, ALICE)),
  ],
  [
    'users/{uid}/limits/posting: move the posting limit',
    (d) => setDoc(doc(d, 'users', ALICE, 'limits', 'posting'), { lastPostAt: serverTimestamp() }),
  ],
];

const shelfWrites: WriteCase[] = [
  ['shelf: add a want-to-read book', (d) => setDoc(shelfRef(d, ALICE, NEW), newEntry({}, NEW))],
  [
    'shelf + stats: add a book being read with its stats change (summary and public level)',
    (d) => {
      const b = writeBatch(d);
      b.set(shelfRef(d, ALICE, NEW), newEntry({ status: 'reading', currentPage: 20 }, NEW));
      statsChange(b, d, ALICE, { pages: 20, day: TODAY, isbn: NEW });
      return b.commit();
    },
  ],
  [
    'shelf: change notes',
    (d) => updateDoc(shelfRef(d, ALICE, NEW), { notes: '두 번째 읽기', updatedAt: serverTimestamp() }),
    (raw) => setDoc(shelfRef(raw, ALICE, NEW), { ...newEntry({}, NEW), addedAt: at, updatedAt: at }),
  ],
  [
    'shelf: remove a book',
    (d) => deleteDoc(shelfRef(d, ALICE, NEW)),
    (raw) => setDoc(shelfRef(raw, ALICE, NEW), { ...newEntry({}, NEW), addedAt: at, updatedAt: at }),
  ],
  [
    'books: create the shared record with the shelf entry',
    (d) => {
      const b = writeBatch(d);
      b.set(shelfRef(d, ALICE, NEW), newEntry({}, NEW));
      b.set(bookRef(d, NEW), {
        isbn13: NEW,
        title: '소년이 온다',
        authors: ['한강'],
        publisher: '창비',
        category: 'novel',
        createdBy: ALICE,
        createdAt: serverTimestamp(),
      });
      return b.commit();
    },
  ],
];

const marathonWrites: WriteCase[] = [
  ['marathons: create one', (d) => setDoc(doc(d, 'marathons', unique('m')), marathon())],
  ['marathons: rename one', (d) => updateDoc(doc(d, 'marathons', PM), { title: '새 이름' })],
  ['marathons: delete one', (d) => deleteDoc(doc(d, 'marathons', PM))],
  [
    'marathons/invites: make an invite code',
    (d) => setDoc(doc(d, 'marathons', PM, 'invites', 'XYZW3456'), { createdAt: serverTimestamp() }),
  ],
  [
    'marathons/participants: join',
    (d) => setDoc(doc(d, 'marathons', PM, 'participants', ALICE), participant(ALICE)),
    (raw) => deleteDoc(doc(raw, 'marathons', PM, 'participants', ALICE)),
  ],
  [
    'marathons/participants: hide from the leaderboard',
    (d) => updateDoc(doc(d, 'marathons', PM, 'participants', ALICE), { hidden: true, updatedAt: serverTimestamp() }),
  ],
  ['marathons/participants: leave', (d) => deleteDoc(doc(d, 'marathons', PM, 'participants', ALICE))],
  [
    'marathons/logs: +10 pages on the shelf logged to the marathon',
    (d) => {
      const b = writeBatch(d);
      const logId = unique('log');
      b.update(shelfRef(d, ALICE), { currentPage: increment(10), updatedAt: serverTimestamp() });
      statsChange(b, d, ALICE, { pages: 10, day: TODAY });
      b.set(doc(d, 'marathons', PM, 'logs', logId), { uid: ALICE, isbn13: ISBN, delta: 10, books: 0, at: Timestamp.now() });
      b.update(doc(d, 'marathons', PM, 'participants', ALICE), {
        pages: increment(10),
        books: increment(0),
        lastLogId: logId,
        updatedAt: serverTimestamp(),
      });
      return b.commit();
    },
  ],
  [
    'users/{uid}/marathons: the reader’s own list',
    async (d) => {
      let window: Record<string, unknown> = {};
      await admin(async (raw) => {
        const m = (await getDoc(doc(raw, 'marathons', PM))).data();
        window = { startAt: m?.startAt, endAt: m?.endAt };
      });
      return setDoc(doc(d, 'users', ALICE, 'marathons', PM), {
        marathonId: PM,
        title: '11월 독서마라톤',
        clubId: null,
        targetPages: 1000,
        targetBooks: null,
        bookIsbn: null,
        joinedAt: serverTimestamp(),
        ...window,
      });
    },
  ],
];

const clubWrites: WriteCase[] = [
  [
    'clubs: found a club (club, host member document, own index, private invite, clubInvites)',
    (d) => {
      const id = unique('club');
      const b = writeBatch(d);
      b.set(doc(d, 'clubs', id), {
        ...clubData(ALICE),
        createdAt: serverTimestamp(),
        updatedAt: serverTimestamp(),
      });
      b.set(doc(d, 'clubs', id, 'members', ALICE), { ...memberData(ALICE, 'host'), joinedAt: serverTimestamp() });
      b.set(doc(d, 'users', ALICE, 'clubs', 'index'), { clubIds: [OWN_CLUB, id], updatedAt: serverTimestamp() });
      b.set(doc(d, 'clubs', id, 'private', 'invite'), { code: 'ZZZZ2222', updatedAt: serverTimestamp() });
      b.set(doc(d, 'clubInvites', 'ZZZZ2222'), {
        clubId: id,
        clubName: 'x',
        requireApproval: false,
        createdBy: ALICE,
        createdAt: serverTimestamp(),
      });
      return b.commit();
    },
  ],
  [
    'clubs: the host renames the club',
    (d) => updateDoc(doc(d, 'clubs', OWN_CLUB), { name: '목요 독서모임', updatedAt: serverTimestamp() }),
  ],
  [
    'clubs/members: join with the invite code (member document, club map, own index)',
    (d) => {
      const b = writeBatch(d);
      b.set(doc(d, 'clubs', BOB_CLUB, 'members', ALICE), {
        uid: ALICE,
        displayName: 'ALICE',
        role: 'member',
        joinedAt: serverTimestamp(),
        via: CODE,
      });
      b.update(doc(d, 'clubs', BOB_CLUB), { [`members.${ALICE}`]: true, lastMemberUid: ALICE, updatedAt: serverTimestamp() });
      b.set(
        doc(d, 'users', ALICE, 'clubs', 'index'),
        { clubIds: arrayUnion(BOB_CLUB), updatedAt: serverTimestamp() },
        { merge: true },
      );
      return b.commit();
    },
  ],
  [
    'clubs/requests: ask to join a club that approves members',
    (d) => {
      const b = writeBatch(d);
      b.set(doc(d, 'clubs', ASK_CLUB, 'requests', ALICE), {
        uid: ALICE,
        displayName: 'Alice',
        createdAt: serverTimestamp(),
        via: null,
      });
      b.set(doc(d, 'users', ALICE, 'clubs', 'index'), { clubIds: [OWN_CLUB, ASK_CLUB], updatedAt: serverTimestamp() });
      return b.commit();
    },
  ],
  [
    'clubs/meetings: the host schedules a meeting',
    (d) =>
      setDoc(doc(d, 'clubs', OWN_CLUB, 'meetings', 'm1'), {
        at: Timestamp.fromMillis(1_800_000_000_000),
        note: '1–3장',
        fromPage: 1,
        toPage: 80,
        updatedBy: ALICE,
        updatedAt: serverTimestamp(),
      }),
  ],
  [
    'clubs/private/invite + clubInvites: the host sets an invite code',
    (d) => {
      const b = writeBatch(d);
      b.set(doc(d, 'clubs', OWN_CLUB, 'private', 'invite'), { code: 'QQQQ3333', updatedAt: serverTimestamp() });
      b.set(doc(d, 'clubInvites', 'QQQQ3333'), {
        clubId: OWN_CLUB,
        clubName: '수요 독서모임',
        requireApproval: false,
        createdBy: ALICE,
        createdAt: serverTimestamp(),
      });
      return b.commit();
    },
  ],
];

const boardWrites: WriteCase[] = [
  [
    'posts + limits: publish an essay',
    (d) => {
      const b = writeBatch(d);
      b.set(doc(d, 'posts', unique('p')), post());
      b.set(doc(d, 'users', ALICE, 'limits', 'posting'), { lastPostAt: serverTimestamp() });
      return b.commit();
    },
  ],
  [
    'posts + limits + bookRatings: publish a rated review',
    (d) => {
      const id = unique('r');
      const b = writeBatch(d);
      b.set(doc(d, 'posts', id), post({ kind: 'review', title: '', rating: 4.5, isbn13: NEW }));
      b.set(doc(d, 'users', ALICE, 'limits', 'posting'), { lastPostAt: serverTimestamp() });
      b.set(
        doc(d, 'bookRatings', NEW),
        { isbn13: NEW, halfStars: increment(9), reviewCount: increment(1), lastPostId: id, updatedAt: serverTimestamp() },
        { merge: true },
      );
      return b.commit();
    },
  ],
  [
    'posts/likes: like a post',
    (d) => {
      const b = writeBatch(d);
      b.update(doc(d, 'posts', BOB_POST), { likeCount: increment(1) });
      b.set(doc(d, 'posts', BOB_POST, 'likes', ALICE), { uid: ALICE, createdAt: serverTimestamp() });
      return b.commit();
    },
  ],
  [
    'posts/comments: comment on a post',
    (d) => {
      const id = unique('c');
      const b = writeBatch(d);
      b.set(doc(d, 'posts', BOB_POST, 'comments', id), {
        authorUid: ALICE,
        authorName: 'Alice',
        body: '저도 그 장면에서 울었어요',
        parentId: null,
        thread: `${Date.now()}_${id}`,
        spoilerPage: null,
        status: 'visible',
        createdAt: serverTimestamp(),
        editedAt: null,
      });
      b.update(doc(d, 'posts', BOB_POST), { commentCount: increment(1), lastCommentId: id });
      return b.commit();
    },
  ],
  [
    'posts/comments: edit one’s own comment',
    (d) => updateDoc(doc(d, 'posts', ALICE_POST, 'comments', 'c-alice'), { body: '고쳤어요', editedAt: serverTimestamp() }),
  ],
  [
    'reports: report a post',
    (d) =>
      setDoc(doc(d, 'reports', `${BOB_POST}_post_${ALICE}`), {
        reporterUid: ALICE,
        postId: BOB_POST,
        commentId: null,
        reason: 'spam',
        note: '',
        createdAt: serverTimestamp(),
      }),
  ],
];

describe('guests (anonymous accounts) write nothing; the same write with an e-mail account passes', () => {
  it.each(profileWrites)('%s', (...c) => guestRefusedReaderAllowed(c));
  it.each(shelfWrites)('%s', (...c) => guestRefusedReaderAllowed(c));
  it.each(marathonWrites)('%s', (...c) => guestRefusedReaderAllowed(c));
  it.each(clubWrites)('%s', (...c) => guestRefusedReaderAllowed(c));
  it.each(boardWrites)('%s', (...c) => guestRefusedReaderAllowed(c));
});

describe('guests read as any signed-in reader does', () => {
  it('another reader’s name, shared book records, public clubs, public posts and public levels', async () => {
    const g = guest();
    const bob = (await assertSucceeds(getDoc(userRef(g, BOB)))).data();
    expect(bob?.displayName).toBe('Bob');
    await assertSucceeds(getDocs(query(collection(g, 'books'), limit(5))));
    await assertSucceeds(getDocs(query(collection(g, 'clubs'), where('visibility', '==', 'public'), limit(20))));
    await assertSucceeds(getDoc(doc(g, 'posts', BOB_POST)));
    await assertSucceeds(getDoc(doc(g, 'users', ALICE, 'stats', 'public')));
  });
  it('and no more than one: another reader’s shelf and a private club stay closed to a guest', async () => {
    const stranger = db('guest-xyz', 'anonymous');
    await assertFails(getDocs(collection(stranger, 'users', ALICE, 'shelf')));
    await assertFails(getDoc(doc(stranger, 'clubs', BOB_CLUB)));
  });
});
