import { assertFails, assertSucceeds } from '@firebase/rules-unit-testing';
import {
  collection,
  doc,
  type Firestore,
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
import { weekOf } from '../../shared/schemas/post';
import { big, useRulesEnv } from './rules-env';

// The board (issue 12): posts/{id}, likes, comments, bookRatings/{isbn13}, reports/, users/{uid}/limits.
// Identities: signed out, the author (ALICE, also a member of the club), another reader (BOB, outside the
// club), a club member (CAROL) and the club's host (HOST). Clubs are seeded with the rules off, in the
// shape of the clubs contract: clubs/{clubId} {hostUid, coHostUids}, clubs/{clubId}/members/{uid}.
const ALICE = 'alice';
const BOB = 'bob';
const CAROL = 'carol';
const HOST = 'host';
const CLUB = 'club-1';
const ISBN = '9788936434120';
const PUB = 'pub-review';
const CLUBPOST = 'club-essay';
const LONG_AGO = Timestamp.fromMillis(Date.now() - 3_600_000);

/** A post as stored (the seed) or as written (createdAt etc. overridden by the test). */
function stored(extra: Record<string, unknown> = {}) {
  return {
    kind: 'review',
    isbn13: ISBN,
    bookTitle: '소년이 온다',
    bookAuthors: ['한강'],
    bookCoverUrl: null,
    category: 'novel',
    authorUid: ALICE,
    authorName: 'Alice',
    authorLevel: 3,
    title: '',
    body: '좋았다.\n두 번째 줄',
    rating: 4,
    quotePage: null,
    audience: null,
    toUid: null,
    toName: null,
    spoilerPage: 120,
    clubId: null,
    status: 'visible',
    likeCount: 0,
    commentCount: 0,
    lastCommentId: null,
    week: weekOf(new Date()),
    createdAt: LONG_AGO,
    editedAt: null,
    ...extra,
  };
}
const fresh = (extra: Record<string, unknown> = {}) => stored({ createdAt: serverTimestamp(), ...extra });

const { db, admin } = useRulesEnv(async (env) => {
  await env.withSecurityRulesDisabled(async (ctx) => {
    const a = ctx.firestore();
    for (const [uid, name] of [
      [ALICE, 'Alice'],
      [BOB, 'Bob'],
      [CAROL, 'Carol'],
      [HOST, 'Hana'],
    ] as const) {
      await setDoc(doc(a, 'users', uid), { displayName: name, createdAt: LONG_AGO });
    }
    await setDoc(doc(a, 'clubs', CLUB), {
      name: '수요 독서회',
      hostUid: HOST,
      coHostUids: [],
      roomCode: 'K7P-2QX',
      visibility: 'private',
    });
    for (const [uid, role] of [
      [ALICE, 'member'],
      [CAROL, 'member'],
      [HOST, 'host'],
    ] as const) {
      await setDoc(doc(a, 'clubs', CLUB, 'members', uid), { uid, displayName: uid, role, joinedAt: LONG_AGO });
    }
    await setDoc(doc(a, 'posts', PUB), stored());
    await setDoc(doc(a, 'bookRatings', ISBN), {
      isbn13: ISBN,
      halfStars: 8,
      reviewCount: 1,
      lastPostId: PUB,
      updatedAt: LONG_AGO,
    });
    await setDoc(
      doc(a, 'posts', CLUBPOST),
      stored({ kind: 'essay', title: '모임 후기', rating: null, clubId: CLUB, spoilerPage: null }),
    );
    await setDoc(doc(a, 'users', ALICE, 'limits', 'posting'), { lastPostAt: LONG_AGO });
  });
});

const postRef = (f: Firestore, id: string) => doc(f, 'posts', id);
const limitsRef = (f: Firestore, uid: string) => doc(f, 'users', uid, 'limits', 'posting');
const ratingsRef = (f: Firestore, isbn = ISBN) => doc(f, 'bookRatings', isbn);

/** Create a post the way the repository does: the post, the posting limit and (for a public review) the counters. */
function createPost(uid: string, id: string, data: Record<string, unknown>, opts: { limits?: boolean; ratings?: boolean } = {}) {
  const f = db(uid);
  const b = writeBatch(f);
  b.set(postRef(f, id), data);
  if (opts.limits !== false) b.set(limitsRef(f, uid), { lastPostAt: serverTimestamp() });
  if (opts.ratings) {
    const half = Math.round(Number(data.rating ?? 0) * 2);
    b.set(
      ratingsRef(f, String(data.isbn13 ?? ISBN)),
      {
        isbn13: data.isbn13 ?? ISBN,
        halfStars: increment(half),
        reviewCount: increment(1),
        lastPostId: id,
        updatedAt: serverTimestamp(),
      },
      { merge: true },
    );
  }
  return b.commit();
}

function like(uid: string, postId = PUB, delta = 1, opts: { likeDoc?: boolean; likeFor?: string } = {}) {
  const f = db(uid);
  const b = writeBatch(f);
  b.update(postRef(f, postId), { likeCount: increment(delta) });
  if (opts.likeDoc !== false) {
    const ref = doc(f, 'posts', postId, 'likes', opts.likeFor ?? uid);
    if (delta > 0) b.set(ref, { uid: opts.likeFor ?? uid, createdAt: serverTimestamp() });
    else b.delete(ref);
  }
  return b.commit();
}

let commentSeq = 0;
function comment(uid: string, name: string, postId = PUB, extra: Record<string, unknown> = {}, count = 1) {
  const f = db(uid);
  commentSeq += 1;
  const id = `c${commentSeq}`;
  const b = writeBatch(f);
  b.set(doc(f, 'posts', postId, 'comments', id), {
    authorUid: uid,
    authorName: name,
    body: '저도 그 장면에서 울었어요',
    parentId: null,
    thread: `${Date.now()}_${id}`,
    spoilerPage: null,
    status: 'visible',
    createdAt: serverTimestamp(),
    editedAt: null,
    ...extra,
  });
  if (count !== 0) b.update(postRef(f, postId), { commentCount: increment(count), lastCommentId: id });
  return { id, done: b.commit() };
}

describe('posts — read', () => {
  it('signed out: get and list refused', async () => {
    await assertFails(getDoc(postRef(db(null), PUB)));
    await assertFails(getDocs(query(collection(db(null), 'posts'), where('status', '==', 'visible'), limit(20))));
  });
  it('author, other reader, club member and host get a public post', async () => {
    for (const uid of [ALICE, BOB, CAROL, HOST]) await assertSucceeds(getDoc(postRef(db(uid), PUB)));
  });
  it('a club post: members and host read it; a reader outside the club cannot', async () => {
    for (const uid of [ALICE, CAROL, HOST]) await assertSucceeds(getDoc(postRef(db(uid), CLUBPOST)));
    await assertFails(getDoc(postRef(db(BOB), CLUBPOST)));
  });
  it('lists with the rules constraints (visible, public, ≤ 20) for any signed-in reader', async () => {
    const q = query(
      collection(db(BOB), 'posts'),
      where('status', '==', 'visible'),
      where('clubId', '==', null),
      orderBy('createdAt', 'desc'),
      limit(20),
    );
    const snap = await assertSucceeds(getDocs(q));
    expect(snap.docs.map((d) => d.id)).toEqual([PUB]);
  });
  it('listing more than 20 at once is refused', async () => {
    await assertFails(
      getDocs(query(collection(db(BOB), 'posts'), where('status', '==', 'visible'), where('clubId', '==', null), limit(21))),
    );
    await assertFails(
      getDocs(query(collection(db(BOB), 'posts'), where('status', '==', 'visible'), where('clubId', '==', null))),
    );
  });
  it('a list without the constraints is refused (rules are not filters)', async () => {
    await assertFails(getDocs(query(collection(db(BOB), 'posts'), limit(20))));
    await assertFails(getDocs(query(collection(db(BOB), 'posts'), where('clubId', '==', null), limit(20))));
  });
  it('a club list: members may list it, a reader outside may not', async () => {
    const clubQuery = (uid: string) =>
      query(collection(db(uid), 'posts'), where('status', '==', 'visible'), where('clubId', '==', CLUB), limit(20));
    const snap = await assertSucceeds(getDocs(clubQuery(CAROL)));
    expect(snap.docs.map((d) => d.id)).toEqual([CLUBPOST]);
    await assertFails(getDocs(clubQuery(BOB)));
  });
  it('the author lists their own posts of any status; another reader only with the constraints', async () => {
    await assertSucceeds(getDocs(query(collection(db(ALICE), 'posts'), where('authorUid', '==', ALICE), limit(20))));
    await assertFails(getDocs(query(collection(db(BOB), 'posts'), where('authorUid', '==', ALICE), limit(20))));
  });
  it('"recommended to me": a reader lists what is addressed to them', async () => {
    await admin((a) =>
      setDoc(postRef(a, 'rec'), stored({ kind: 'recommendation', rating: null, audience: 'member', toUid: BOB, toName: 'Bob' })),
    );
    const q = query(collection(db(BOB), 'posts'), where('toUid', '==', BOB), where('status', '==', 'visible'), limit(20));
    const snap = await assertSucceeds(getDocs(q));
    expect(snap.docs.map((d) => d.id)).toEqual(['rec']);
  });
  it('a hidden club post: only its author and the host can get it', async () => {
    await admin((a) => updateDoc(postRef(a, CLUBPOST), { status: 'hidden' }));
    await assertSucceeds(getDoc(postRef(db(ALICE), CLUBPOST)));
    await assertSucceeds(getDoc(postRef(db(HOST), CLUBPOST)));
    await assertFails(getDoc(postRef(db(CAROL), CLUBPOST)));
  });
});

describe('posts — create', () => {
  it('the author creates a public review with the counters and the posting limit in one batch', async () => {
    await admin((a) => setDoc(limitsRef(a, BOB), { lastPostAt: LONG_AGO }));
    await assertSucceeds(createPost(BOB, 'bob-1', fresh({ authorUid: BOB, authorName: 'Bob', rating: 3.5 }), { ratings: true }));
    await admin(async (a) => {
      const r = (await getDoc(ratingsRef(a))).data();
      expect(r).toMatchObject({ halfStars: 15, reviewCount: 2, lastPostId: 'bob-1' });
    });
  });
  it('each kind with its own fields: essay (title), quote (page), recommendation (audience)', async () => {
    await assertSucceeds(createPost(ALICE, 'e1', fresh({ kind: 'essay', rating: null, title: '독후감' })));
    await admin((a) => setDoc(limitsRef(a, ALICE), { lastPostAt: LONG_AGO }));
    await assertSucceeds(createPost(ALICE, 'q1', fresh({ kind: 'quote', rating: null, quotePage: 12 })));
    await admin((a) => setDoc(limitsRef(a, ALICE), { lastPostAt: LONG_AGO }));
    await assertSucceeds(
      createPost(ALICE, 'r1', fresh({ kind: 'recommendation', rating: null, audience: 'member', toUid: BOB, toName: 'Bob' })),
    );
  });
  it('a club member posts in the club; a reader outside cannot', async () => {
    await assertSucceeds(createPost(ALICE, 'c1', fresh({ kind: 'essay', rating: null, title: 'x', clubId: CLUB })));
    await assertFails(
      createPost(BOB, 'c2', fresh({ authorUid: BOB, authorName: 'Bob', kind: 'essay', rating: null, title: 'x', clubId: CLUB })),
    );
  });
  it('signed out cannot post', async () => {
    await assertFails(setDoc(postRef(db(null), 'x'), fresh()));
  });
  it('a public review without the counters in the batch is refused', async () => {
    await assertFails(createPost(ALICE, 'n1', fresh(), { ratings: false }));
  });
  it('rate limit: a second post within 30 s is refused, and so is a post that skips the limit document', async () => {
    await assertSucceeds(createPost(ALICE, 'a1', fresh({ kind: 'essay', rating: null, title: '첫 글' })));
    await assertFails(createPost(ALICE, 'a2', fresh({ kind: 'essay', rating: null, title: '두 번째 글' })));
    await admin((a) => setDoc(limitsRef(a, ALICE), { lastPostAt: LONG_AGO }));
    await assertFails(createPost(ALICE, 'a3', fresh({ kind: 'essay', rating: null, title: 'x' }), { limits: false }));
  });
  it('hostile: empty or oversized text', async () => {
    const essay = { kind: 'essay', rating: null, title: '제목' };
    await assertFails(createPost(ALICE, 'h1', fresh({ ...essay, body: '' })));
    await assertFails(createPost(ALICE, 'h2', fresh({ ...essay, body: '   \n  ' })));
    await assertFails(createPost(ALICE, 'h3', fresh({ ...essay, body: big(20_001) })));
    await assertFails(createPost(ALICE, 'h4', fresh({ ...essay, title: '' })));
    await assertFails(createPost(ALICE, 'h5', fresh({ ...essay, title: big(201) })));
    await assertSucceeds(createPost(ALICE, 'h6', fresh({ ...essay, body: big(20_000) })));
  });
  it('hostile: a rating off the half-star scale, or a rating on a kind that has none', async () => {
    for (const rating of [0, 4.3, 5.5, -1, '4', 10]) {
      await assertFails(createPost(ALICE, `r${String(rating)}`, fresh({ rating }), { ratings: true }));
    }
    await assertFails(createPost(ALICE, 'rn', fresh({ rating: null }), { ratings: true }));
    await assertFails(createPost(ALICE, 're', fresh({ kind: 'essay', title: 't', rating: 4 })));
  });
  it('hostile: a foreign author uid, or a name that is not the author’s', async () => {
    await assertFails(
      createPost(ALICE, 'f1', fresh({ authorUid: BOB, authorName: 'Bob', kind: 'essay', rating: null, title: 't' })),
    );
    await assertFails(createPost(ALICE, 'f2', fresh({ authorName: 'Admin', kind: 'essay', rating: null, title: 't' })));
  });
  it('hostile: forged counters, status or times at creation', async () => {
    const essay = { kind: 'essay', rating: null, title: 't' };
    await assertFails(createPost(ALICE, 'k1', fresh({ ...essay, likeCount: 100 })));
    await assertFails(createPost(ALICE, 'k2', fresh({ ...essay, commentCount: 5 })));
    await assertFails(createPost(ALICE, 'k3', fresh({ ...essay, status: 'hidden' })));
    await assertFails(createPost(ALICE, 'k4', fresh({ ...essay, createdAt: Timestamp.fromMillis(Date.now() + 86_400_000) })));
    await assertFails(createPost(ALICE, 'k5', fresh({ ...essay, week: weekOf(new Date()) + 1 })));
    await assertFails(createPost(ALICE, 'k6', fresh({ ...essay, isAdmin: true })));
  });
  it('hostile: control and bidi characters refused; markup is stored as the text it is', async () => {
    const essay = { kind: 'essay', rating: null, title: 't' };
    await assertFails(createPost(ALICE, 'm1', fresh({ ...essay, title: 'a\nb' })));
    await assertFails(createPost(ALICE, 'm2', fresh({ ...essay, body: 'evil \u202e txt' })));
    await assertFails(createPost(ALICE, 'm3', fresh({ ...essay, body: 'bell \u0007' })));
    const markup = '<script>alert(1)</script><img src=x onerror=alert(2)> [a](javascript:alert(3))';
    await assertSucceeds(createPost(ALICE, 'm4', fresh({ ...essay, title: '<b>bold</b>', body: markup })));
    const snap = await getDoc(postRef(db(BOB), 'm4'));
    expect(snap.data()?.body).toBe(markup);
  });
  it('hostile: a recommendation to one member must name them; a quote needs its page', async () => {
    await assertFails(createPost(ALICE, 'w1', fresh({ kind: 'recommendation', rating: null, audience: 'member' })));
    await assertFails(createPost(ALICE, 'w2', fresh({ kind: 'quote', rating: null })));
    await assertFails(createPost(ALICE, 'w3', fresh({ kind: 'essay', rating: null, title: 't', spoilerPage: 0 })));
  });
});

describe('posts — update and delete', () => {
  it('the author edits the text and the rating (counters follow in the same batch)', async () => {
    const f = db(ALICE);
    const b = writeBatch(f);
    b.update(postRef(f, PUB), { body: '고쳐 쓴 글', rating: 5, editedAt: serverTimestamp() });
    b.set(
      ratingsRef(f),
      { isbn13: ISBN, halfStars: increment(2), reviewCount: increment(0), lastPostId: PUB, updatedAt: serverTimestamp() },
      { merge: true },
    );
    await assertSucceeds(b.commit());
    await assertSucceeds(updateDoc(postRef(f, PUB), { body: '또 고침', editedAt: serverTimestamp() }));
  });
  it('a rating edit without the counters is refused; counters that do not add up are refused', async () => {
    await assertFails(updateDoc(postRef(db(ALICE), PUB), { rating: 1, editedAt: serverTimestamp() }));
    const f = db(ALICE);
    const b = writeBatch(f);
    b.update(postRef(f, PUB), { rating: 5, editedAt: serverTimestamp() });
    b.set(
      ratingsRef(f),
      { isbn13: ISBN, halfStars: increment(7), reviewCount: increment(0), lastPostId: PUB, updatedAt: serverTimestamp() },
      { merge: true },
    );
    await assertFails(b.commit());
  });
  it('the author deletes softly: text cleared, thread and counters kept, the review leaves the average', async () => {
    const f = db(ALICE);
    const b = writeBatch(f);
    b.update(postRef(f, PUB), { status: 'deleted', body: '', title: '', editedAt: serverTimestamp() });
    b.set(
      ratingsRef(f),
      { isbn13: ISBN, halfStars: increment(-8), reviewCount: increment(-1), lastPostId: PUB, updatedAt: serverTimestamp() },
      { merge: true },
    );
    await assertSucceeds(b.commit());
    await assertFails(updateDoc(postRef(f, PUB), { body: 'back', status: 'visible', editedAt: serverTimestamp() }));
  });
  it('a soft delete that keeps the text is refused', async () => {
    await assertFails(updateDoc(postRef(db(ALICE), CLUBPOST), { status: 'deleted', editedAt: serverTimestamp() }));
  });
  it("hostile: editing someone else's post (other reader, member, host)", async () => {
    for (const uid of [BOB, CAROL, HOST]) {
      await assertFails(updateDoc(postRef(db(uid), CLUBPOST), { body: 'mine now', editedAt: serverTimestamp() }));
    }
  });
  it('hostile: the author cannot move a post to another book, club or author, nor unhide it', async () => {
    const f = db(ALICE);
    await assertFails(updateDoc(postRef(f, CLUBPOST), { isbn13: '9788937460449', editedAt: serverTimestamp() }));
    await assertFails(updateDoc(postRef(f, CLUBPOST), { clubId: null, editedAt: serverTimestamp() }));
    await assertFails(updateDoc(postRef(f, CLUBPOST), { authorUid: BOB, editedAt: serverTimestamp() }));
    await admin((a) => updateDoc(postRef(a, CLUBPOST), { status: 'hidden' }));
    await assertFails(updateDoc(postRef(f, CLUBPOST), { status: 'visible', editedAt: serverTimestamp() }));
  });
  it('the club host hides and shows a club post; a member and an outsider cannot; a public post cannot be hidden', async () => {
    await assertFails(updateDoc(postRef(db(CAROL), CLUBPOST), { status: 'hidden' }));
    await assertFails(updateDoc(postRef(db(BOB), CLUBPOST), { status: 'hidden' }));
    await assertSucceeds(updateDoc(postRef(db(HOST), CLUBPOST), { status: 'hidden' }));
    await assertSucceeds(updateDoc(postRef(db(HOST), CLUBPOST), { status: 'visible' }));
    await assertFails(updateDoc(postRef(db(HOST), CLUBPOST), { status: 'hidden', body: 'x' }));
    await assertFails(updateDoc(postRef(db(HOST), PUB), { status: 'hidden' }));
  });
  it('nobody deletes a post for good (signed out, author, other reader, host)', async () => {
    const { deleteDoc } = await import('firebase/firestore');
    for (const uid of [null, ALICE, BOB, HOST]) await assertFails(deleteDoc(postRef(db(uid), CLUBPOST)));
  });
});

describe('likes', () => {
  it('a reader likes once (like + likeCount in one batch) and unlikes', async () => {
    await assertSucceeds(like(BOB));
    await assertFails(like(BOB));
    await assertSucceeds(getDoc(doc(db(BOB), 'posts', PUB, 'likes', BOB)));
    await assertSucceeds(like(BOB, PUB, -1));
    await admin(async (a) => expect((await getDoc(postRef(a, PUB))).data()?.likeCount).toBe(0));
  });
  it('hostile: a counter bump without a like, a like without the counter, +2, or a like for someone else', async () => {
    await assertFails(like(BOB, PUB, 1, { likeDoc: false }));
    await assertFails(setDoc(doc(db(BOB), 'posts', PUB, 'likes', BOB), { uid: BOB, createdAt: serverTimestamp() }));
    await assertFails(like(BOB, PUB, 2));
    await assertFails(like(BOB, PUB, 1, { likeFor: CAROL }));
    await assertFails(updateDoc(postRef(db(ALICE), PUB), { likeCount: 100 }));
  });
  it('hostile: an unlike without a like, and counting down without removing it', async () => {
    await assertFails(like(BOB, PUB, -1));
    await assertSucceeds(like(BOB));
    await assertFails(like(BOB, PUB, -1, { likeDoc: false }));
  });
  it('likes on a club post: members only; who liked is not listable; signed out refused', async () => {
    await assertFails(like(BOB, CLUBPOST));
    await assertSucceeds(like(CAROL, CLUBPOST));
    await assertFails(getDocs(collection(db(ALICE), 'posts', CLUBPOST, 'likes')));
    await assertFails(getDoc(doc(db(ALICE), 'posts', CLUBPOST, 'likes', CAROL)));
    await assertFails(getDoc(doc(db(null), 'posts', CLUBPOST, 'likes', CAROL)));
  });
});

describe('comments', () => {
  it('a reader comments (comment + commentCount + lastCommentId in one batch); a reply joins its thread', async () => {
    const first = comment(BOB, 'Bob');
    await assertSucceeds(first.done);
    const top = (await getDoc(doc(db(BOB), 'posts', PUB, 'comments', first.id))).data();
    const reply = comment(CAROL, 'Carol', PUB, { parentId: first.id, thread: top?.thread });
    await assertSucceeds(reply.done);
    await admin(async (a) => expect((await getDoc(postRef(a, PUB))).data()?.commentCount).toBe(2));
    const list = await assertSucceeds(
      getDocs(query(collection(db(ALICE), 'posts', PUB, 'comments'), orderBy('thread'), orderBy('createdAt'), limit(20))),
    );
    expect(list.docs.map((d) => d.id)).toEqual([first.id, reply.id]);
  });
  it('hostile: a forged commentCount (no comment, +2, or a comment without the count)', async () => {
    await assertFails(updateDoc(postRef(db(BOB), PUB), { commentCount: increment(1), lastCommentId: 'ghost' }));
    await assertFails(comment(BOB, 'Bob', PUB, {}, 2).done);
    await assertFails(comment(BOB, 'Bob', PUB, {}, 0).done);
  });
  it('hostile: a reply to a reply (one level only), a foreign author, markup kept as text', async () => {
    const first = comment(BOB, 'Bob');
    await assertSucceeds(first.done);
    const thread = (await getDoc(doc(db(BOB), 'posts', PUB, 'comments', first.id))).data()?.thread;
    const reply = comment(CAROL, 'Carol', PUB, { parentId: first.id, thread });
    await assertSucceeds(reply.done);
    await assertFails(comment(BOB, 'Bob', PUB, { parentId: reply.id, thread }).done);
    await assertFails(comment(BOB, 'Carol', PUB, { authorUid: CAROL }).done);
    await assertFails(comment(BOB, 'Bob', PUB, { body: '' }).done);
    await assertFails(comment(BOB, 'Bob', PUB, { body: big(2001) }).done);
    await assertSucceeds(comment(BOB, 'Bob', PUB, { body: '<script>alert(1)</script>' }).done);
  });
  it('club post comments: members read and write; a reader outside the club cannot', async () => {
    await assertSucceeds(comment(CAROL, 'Carol', CLUBPOST).done);
    await assertFails(comment(BOB, 'Bob', CLUBPOST).done);
    await assertFails(getDocs(query(collection(db(BOB), 'posts', CLUBPOST, 'comments'), limit(20))));
    await assertSucceeds(getDocs(query(collection(db(CAROL), 'posts', CLUBPOST, 'comments'), limit(20))));
    await assertFails(getDocs(query(collection(db(CAROL), 'posts', CLUBPOST, 'comments'), limit(21))));
    await assertFails(getDocs(query(collection(db(null), 'posts', PUB, 'comments'), limit(20))));
  });
  it('the author edits and softly deletes their comment; others cannot; nobody hard-deletes', async () => {
    const c = comment(BOB, 'Bob');
    await assertSucceeds(c.done);
    const ref = (uid: string) => doc(db(uid), 'posts', PUB, 'comments', c.id);
    await assertFails(updateDoc(ref(ALICE), { body: 'x', editedAt: serverTimestamp() }));
    await assertSucceeds(updateDoc(ref(BOB), { body: '고침', editedAt: serverTimestamp() }));
    await assertFails(updateDoc(ref(BOB), { status: 'deleted', editedAt: serverTimestamp() }));
    await assertSucceeds(updateDoc(ref(BOB), { status: 'deleted', body: '', editedAt: serverTimestamp() }));
    const { deleteDoc } = await import('firebase/firestore');
    await assertFails(deleteDoc(ref(BOB)));
  });
});

describe('bookRatings', () => {
  it('any signed-in reader reads the counters; signed out cannot', async () => {
    await assertSucceeds(getDoc(ratingsRef(db(BOB))));
    await assertFails(getDoc(ratingsRef(db(null))));
  });
  it('hostile: counters written alone, or off by any amount', async () => {
    const f = db(BOB);
    await assertFails(updateDoc(ratingsRef(f), { halfStars: 100, lastPostId: PUB, updatedAt: serverTimestamp() }));
    await assertFails(
      setDoc(ratingsRef(f, '9788937460449'), {
        isbn13: '9788937460449',
        halfStars: 10,
        reviewCount: 1,
        lastPostId: PUB,
        updatedAt: serverTimestamp(),
      }),
    );
    await admin((a) => setDoc(limitsRef(a, BOB), { lastPostAt: LONG_AGO }));
    await assertFails(
      createPost(BOB, 'b9', fresh({ authorUid: BOB, authorName: 'Bob', rating: 5, isbn13: ISBN }), { ratings: false }),
    );
  });
});

describe('reports', () => {
  const report = (uid: string, postId: string, commentId: string | null = null, extra: Record<string, unknown> = {}) =>
    setDoc(doc(db(uid), 'reports', `${postId}_${commentId ?? 'post'}_${uid}`), {
      reporterUid: uid,
      postId,
      commentId,
      reason: 'spam',
      note: '',
      createdAt: serverTimestamp(),
      ...extra,
    });
  it('a reader reports a post once; nobody reads reports from the client', async () => {
    await assertSucceeds(report(BOB, PUB));
    await assertFails(report(BOB, PUB));
    await assertFails(getDoc(doc(db(BOB), 'reports', `${PUB}_post_${BOB}`)));
    await assertFails(getDocs(query(collection(db(HOST), 'reports'), limit(20))));
  });
  it('a comment report names an existing comment', async () => {
    const c = comment(CAROL, 'Carol');
    await assertSucceeds(c.done);
    await assertSucceeds(report(BOB, PUB, c.id));
    await assertFails(report(BOB, PUB, 'nope'));
  });
  it('hostile: signed out, in someone else’s name, a club post from outside, a bad reason', async () => {
    await assertFails(setDoc(doc(db(null), 'reports', `${PUB}_post_x`), { reporterUid: 'x' }));
    await assertFails(
      setDoc(doc(db(BOB), 'reports', `${PUB}_post_${CAROL}`), {
        reporterUid: CAROL,
        postId: PUB,
        commentId: null,
        reason: 'spam',
        note: '',
        createdAt: serverTimestamp(),
      }),
    );
    await assertFails(report(BOB, CLUBPOST));
    await assertFails(report(CAROL, PUB, null, { reason: 'because' }));
    await assertFails(report(CAROL, PUB, null, { note: big(501) }));
  });
});

describe('users/{uid}/limits/posting', () => {
  it('owner reads it; others cannot; it never moves back or within 30 s, and is never deleted', async () => {
    await assertSucceeds(getDoc(limitsRef(db(ALICE), ALICE)));
    await assertFails(getDoc(limitsRef(db(BOB), ALICE)));
    await assertFails(setDoc(limitsRef(db(ALICE), ALICE), { lastPostAt: Timestamp.fromMillis(0) }));
    await assertFails(setDoc(limitsRef(db(BOB), ALICE), { lastPostAt: serverTimestamp() }));
    await assertSucceeds(setDoc(limitsRef(db(ALICE), ALICE), { lastPostAt: serverTimestamp() }));
    await assertFails(setDoc(limitsRef(db(ALICE), ALICE), { lastPostAt: serverTimestamp() }));
    const { deleteDoc } = await import('firebase/firestore');
    await assertFails(deleteDoc(limitsRef(db(ALICE), ALICE)));
  });
});

// The matrix cells the tests above leave implicit, spelled out: signed out on every board write, and readers who are
// not the author (another reader, a club member, the host) on likes, comments and counters that are not theirs.
describe('matrix: signed out, other reader, club member and host on writes that are not theirs', () => {
  it('signed out: no post edited, no like, no comment, no counters, nothing read of a club post', async () => {
    const d = db(null);
    await assertFails(updateDoc(postRef(d, PUB), { body: 'x', editedAt: serverTimestamp() }));
    await assertFails(updateDoc(postRef(d, PUB), { likeCount: increment(1) }));
    await assertFails(setDoc(doc(d, 'posts', PUB, 'likes', 'anon'), { uid: 'anon', createdAt: serverTimestamp() }));
    await assertFails(
      setDoc(doc(d, 'posts', PUB, 'comments', 'anon1'), {
        authorUid: 'anon',
        authorName: 'A',
        body: 'x',
        parentId: null,
        thread: `${Date.now()}_anon1`,
        spoilerPage: null,
        status: 'visible',
        createdAt: serverTimestamp(),
        editedAt: null,
      }),
    );
    await assertFails(
      setDoc(ratingsRef(d), { isbn13: ISBN, halfStars: 10, reviewCount: 1, lastPostId: PUB, updatedAt: serverTimestamp() }),
    );
    await assertFails(getDoc(postRef(d, CLUBPOST)));
    await assertFails(getDoc(limitsRef(d, ALICE)));
  });
  it('another reader, a club member or the host cannot remove someone else’s like or edit their comment', async () => {
    await assertSucceeds(like(CAROL));
    for (const uid of [BOB, HOST, ALICE]) {
      const f = db(uid);
      const b = writeBatch(f);
      b.update(postRef(f, PUB), { likeCount: increment(-1) });
      b.delete(doc(f, 'posts', PUB, 'likes', CAROL));
      await assertFails(b.commit());
    }
    const c = comment(CAROL, 'Carol');
    await assertSucceeds(c.done);
    for (const uid of [BOB, HOST, ALICE]) {
      await assertFails(
        updateDoc(doc(db(uid), 'posts', PUB, 'comments', c.id), { status: 'deleted', body: '', editedAt: serverTimestamp() }),
      );
    }
    await admin(async (a) => expect((await getDoc(postRef(a, PUB))).data()).toMatchObject({ likeCount: 1, commentCount: 1 }));
  });
  it('the host of the club: reads and likes a club post like a member, but edits nothing of its author’s', async () => {
    await assertSucceeds(getDoc(postRef(db(HOST), CLUBPOST)));
    await assertSucceeds(like(HOST, CLUBPOST));
    await assertFails(updateDoc(postRef(db(HOST), CLUBPOST), { title: '바꾼 제목', editedAt: serverTimestamp() }));
    await assertFails(
      updateDoc(postRef(db(HOST), CLUBPOST), { status: 'deleted', body: '', title: '', editedAt: serverTimestamp() }),
    );
  });
});
