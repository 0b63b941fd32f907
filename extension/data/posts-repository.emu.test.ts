import type { RulesTestEnvironment } from '@firebase/rules-unit-testing';
import { doc, getDoc, setDoc, Timestamp, writeBatch } from 'firebase/firestore';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rulesEnv } from '../../firebase/tests/rules-env';
import { weekOf } from '../../shared/schemas/post';
import { newReader, randomIsbn, type TestReader } from './emu-test-support';
import {
  addComment,
  checkDraft,
  createPost,
  deletePost,
  editPost,
  PostError,
  postsRepository,
  report,
  setLiked,
} from './posts-repository';
import { usersRepository } from './users-repository';

// The board repository with the real rules on the emulators: what the panel does, end to end in the
// data layer. Fresh ISBNs keep these posts apart from every other test of the run.
let alice: TestReader;
let bob: TestReader;
let env: RulesTestEnvironment;
const BOOK = { isbn13: randomIsbn(), title: '채식주의자', authors: ['한강'], coverUrl: null, category: 'novel' as const };

beforeAll(async () => {
  alice = await newReader('alice');
  bob = await newReader('bob');
  await usersRepository(alice.db).create(alice.uid, 'Alice');
  await usersRepository(bob.db).create(bob.uid, 'Bob');
  env = await rulesEnv();
});
afterAll(async () => {
  await alice?.close();
  await bob?.close();
  // No clearFirestore: the emulator's data is shared by every test file of the run.
});

const author = (r: TestReader, name: string) => ({ uid: r.uid, name, level: 2 });
/** Let a reader post again at once (the rules allow one post per 30 s). */
async function resetLimit(r: TestReader) {
  await env.withSecurityRulesDisabled(async (ctx) => {
    await setDoc(doc(ctx.firestore(), 'users', r.uid, 'limits', 'posting'), { lastPostAt: Timestamp.fromMillis(0) });
  });
}

describe('posting', () => {
  it('a review publishes with the book counters; a second post within 30 s says how long to wait', async () => {
    const id = await createPost(alice.db, author(alice, 'Alice'), BOOK, {
      kind: 'review',
      isbn13: BOOK.isbn13,
      body: '  조용하고 무서운 책.\r\n두 번째 줄  ',
      rating: 4.5,
      spoilerPage: 120,
    });
    const post = await postsRepository(bob.db).get(id);
    expect(post).toMatchObject({ kind: 'review', rating: 4.5, likeCount: 0, authorName: 'Alice', spoilerPage: 120 });
    expect(post?.body).toBe('  조용하고 무서운 책.\n두 번째 줄  ');
    const ratings = (await getDoc(doc(bob.db, 'bookRatings', BOOK.isbn13))).data();
    expect(ratings).toMatchObject({ halfStars: 9, reviewCount: 1 });
    const err = await createPost(alice.db, author(alice, 'Alice'), BOOK, {
      kind: 'essay',
      isbn13: BOOK.isbn13,
      title: '두 번째',
      body: '바로 또',
    }).catch((e) => e);
    expect(err).toBeInstanceOf(PostError);
    expect(err.code).toBe('too-soon');
    expect(err.seconds).toBeGreaterThan(0);
    expect(err.seconds).toBeLessThanOrEqual(30);
  });
  it('bad drafts get a code the UI can explain, before anything is written', () => {
    const base = { isbn13: BOOK.isbn13 };
    expect(() => checkDraft({ ...base, kind: 'review', body: '', rating: 4 })).toThrow('empty');
    expect(() => checkDraft({ ...base, kind: 'review', body: 'x', rating: null })).toThrow('no-rating');
    expect(() => checkDraft({ ...base, kind: 'review', body: 'x', rating: 4.2 })).toThrow('no-rating');
    expect(() => checkDraft({ ...base, kind: 'essay', body: 'x' })).toThrow('no-title');
    expect(() => checkDraft({ ...base, kind: 'quote', body: 'x' })).toThrow('no-page');
    expect(() => checkDraft({ ...base, kind: 'essay', title: 't', body: 'x'.repeat(20_001) })).toThrow('too-long');
    expect(() => checkDraft({ ...base, kind: 'recommendation', audience: 'member', body: 'x' })).toThrow('no-recipient');
  });
  it('editing the rating and soft-deleting keep the book counters exact', async () => {
    await resetLimit(bob);
    const book = { ...BOOK, isbn13: randomIsbn() };
    const id = await createPost(bob.db, author(bob, 'Bob'), book, {
      kind: 'review',
      isbn13: book.isbn13,
      body: '좋다',
      rating: 3,
    });
    const ratingsOf = async () => (await getDoc(doc(bob.db, 'bookRatings', book.isbn13))).data();
    expect(await ratingsOf()).toMatchObject({ halfStars: 6, reviewCount: 1 });
    let post = await postsRepository(bob.db).get(id);
    if (!post) throw new Error('no post');
    await editPost(bob.db, post, { rating: 5, body: '다시 읽으니 더 좋다' });
    expect(await ratingsOf()).toMatchObject({ halfStars: 10, reviewCount: 1 });
    post = await postsRepository(bob.db).get(id);
    if (!post) throw new Error('no post');
    expect(post.editedAt).toBeInstanceOf(Date);
    await deletePost(bob.db, post);
    expect(await ratingsOf()).toMatchObject({ halfStars: 0, reviewCount: 0 });
    expect(await postsRepository(alice.db).get(id)).toMatchObject({ status: 'deleted', body: '' });
    // Another reader cannot edit it.
    await expect(editPost(alice.db, post, { body: 'mine' })).rejects.toBeInstanceOf(PostError);
  });
});

describe('likes, comments, reports', () => {
  it('like and unlike keep likeCount equal to the likes; comments and replies count and sort as threads', async () => {
    await resetLimit(alice);
    const id = await createPost(alice.db, author(alice, 'Alice'), BOOK, {
      kind: 'quote',
      isbn13: BOOK.isbn13,
      body: '나는 이제 동물의 피를 마시지 않아.',
      quotePage: 42,
    });
    await setLiked(bob.db, bob.uid, id, true);
    await expect(setLiked(bob.db, bob.uid, id, true)).rejects.toBeInstanceOf(PostError);
    expect(await postsRepository(bob.db).liked(id, bob.uid)).toBe(true);
    expect((await postsRepository(bob.db).get(id))?.likeCount).toBe(1);
    await setLiked(bob.db, bob.uid, id, false);
    expect((await postsRepository(bob.db).get(id))?.likeCount).toBe(0);

    const first = await addComment(bob.db, { uid: bob.uid, name: 'Bob' }, id, '첫 댓글');
    const second = await addComment(alice.db, { uid: alice.uid, name: 'Alice' }, id, '둘째 댓글');
    const page = await new Promise<{ id: string; thread: string; parentId: string | null }[]>((resolve, reject) => {
      const stop = postsRepository(alice.db).watchComments(
        id,
        (p) => {
          if (p.items.length === 2) {
            stop();
            resolve(p.items);
          }
        },
        reject,
      );
    });
    const top = page.find((c) => c.id === first);
    if (!top) throw new Error('no comment');
    await addComment(alice.db, { uid: alice.uid, name: 'Alice' }, id, '첫 댓글에 답글', {
      replyTo: {
        ...top,
        authorUid: bob.uid,
        authorName: 'Bob',
        body: '',
        spoilerPage: null,
        status: 'visible',
        createdAt: new Date(),
        editedAt: null,
      },
    });
    const all = await new Promise<{ id: string; parentId: string | null }[]>((resolve, reject) => {
      const stop = postsRepository(bob.db).watchComments(
        id,
        (p) => {
          if (p.items.length === 3) {
            stop();
            resolve(p.items);
          }
        },
        reject,
      );
    });
    expect(all.map((c) => c.parentId)).toEqual([null, first, null]);
    expect(all[2]?.id).toBe(second);
    expect((await postsRepository(bob.db).get(id))?.commentCount).toBe(3);
    await expect(addComment(bob.db, { uid: bob.uid, name: 'Bob' }, id, '   ')).rejects.toThrow('empty');
  });
  it('a report goes once; the second says it was already sent', async () => {
    // Another reader cannot list Alice's posts of every status (hidden ones included).
    await expect(postsRepository(bob.db).byAuthor(alice.uid)).rejects.toThrow();
    const mine = (await postsRepository(alice.db).byAuthor(alice.uid)).items[0]?.id;
    if (!mine) throw new Error('no post');
    expect(await report(bob.db, bob.uid, { postId: mine }, 'spam', '광고')).toBe('reported');
    expect(await report(bob.db, bob.uid, { postId: mine }, 'spam')).toBe('already');
  });
});

describe('board pages', () => {
  it('cursor pages of 20 with the filter; no overlap, nothing skipped; one category only', async () => {
    const isbn = randomIsbn();
    await env.withSecurityRulesDisabled(async (ctx) => {
      const f = ctx.firestore();
      const batch = writeBatch(f);
      for (let i = 0; i < 45; i += 1) {
        batch.set(doc(f, 'posts', `page-${isbn}-${i}`), {
          kind: i % 3 === 0 ? 'essay' : 'review',
          isbn13: isbn,
          bookTitle: '페이지 책',
          bookAuthors: [],
          bookCoverUrl: null,
          category: i % 2 === 0 ? 'science' : 'history',
          authorUid: alice.uid,
          authorName: 'Alice',
          authorLevel: 1,
          title: i % 3 === 0 ? `글 ${i}` : '',
          body: `본문 ${i}`,
          rating: i % 3 === 0 ? null : 4,
          quotePage: null,
          audience: null,
          toUid: null,
          toName: null,
          spoilerPage: null,
          clubId: null,
          status: i === 7 ? 'hidden' : 'visible',
          likeCount: i,
          commentCount: 45 - i,
          lastCommentId: null,
          week: weekOf(new Date()),
          createdAt: Timestamp.fromMillis(1_700_000_000_000 + i * 1000),
          editedAt: null,
        });
      }
      await batch.commit();
    });
    const repo = postsRepository(bob.db);
    const filter = { clubId: null, categories: [], kind: null, isbn13: isbn, sort: 'newest' as const };
    const p1 = await repo.page(filter);
    const p2 = await repo.page(filter, p1.cursor);
    const p3 = await repo.page(filter, p2.cursor);
    expect([p1.items.length, p2.items.length, p3.items.length]).toEqual([20, 20, 4]);
    expect([p1.hasMore, p2.hasMore, p3.hasMore]).toEqual([true, true, false]);
    const ids = [...p1.items, ...p2.items, ...p3.items].map((p) => p.id);
    expect(new Set(ids).size).toBe(44);
    expect(ids).not.toContain(`page-${isbn}-7`);
    expect(ids[0]).toBe(`page-${isbn}-44`);

    const liked = await repo.page({ ...filter, sort: 'liked' });
    expect(liked.items.map((p) => p.likeCount).slice(0, 3)).toEqual([44, 43, 42]);
    const discussed = await repo.page({ ...filter, sort: 'discussed' });
    expect(discussed.items[0]?.commentCount).toBe(45);
    const essays = await repo.page({ ...filter, kind: 'essay' });
    expect(essays.items.every((p) => p.kind === 'essay')).toBe(true);
    expect(essays.items.length).toBe(15);
  });
  it('a category filter returns that category only; my interests (several categories) work too', async () => {
    const repo = postsRepository(bob.db);
    const science = await repo.page({ clubId: null, categories: ['science'], kind: null, isbn13: null, sort: 'newest' });
    expect(science.items.length).toBeGreaterThan(0);
    expect(science.items.every((p) => p.category === 'science')).toBe(true);
    const both = await repo.page({ clubId: null, categories: ['science', 'history'], kind: null, isbn13: null, sort: 'newest' });
    expect(new Set(both.items.map((p) => p.category))).toEqual(new Set(['science', 'history']));
  });
  it("a book's reviews for the room card: visible public reviews only, newest first, cursor pages of 8", async () => {
    const isbn = randomIsbn();
    await env.withSecurityRulesDisabled(async (ctx) => {
      const f = ctx.firestore();
      const batch = writeBatch(f);
      for (let i = 0; i < 20; i += 1) {
        // 0..11 visible public reviews; 12 hidden, 13 deleted, 14-15 essays, 16-17 in a club, 18-19 another book.
        const kind = i === 14 || i === 15 ? 'essay' : 'review';
        batch.set(doc(f, 'posts', `room-${isbn}-${i}`), {
          kind,
          isbn13: i >= 18 ? randomIsbn() : isbn,
          bookTitle: '방의 책',
          bookAuthors: [],
          bookCoverUrl: null,
          category: 'novel',
          authorUid: alice.uid,
          authorName: 'Alice',
          authorLevel: 1,
          title: kind === 'essay' ? `글 ${i}` : '',
          body: `리뷰 ${i}`,
          rating: kind === 'review' ? 3.5 : null,
          quotePage: null,
          audience: null,
          toUid: null,
          toName: null,
          spoilerPage: i === 0 ? 120 : null,
          clubId: i === 16 || i === 17 ? 'club-room-reviews' : null,
          status: i === 12 ? 'hidden' : i === 13 ? 'deleted' : 'visible',
          likeCount: 0,
          commentCount: 0,
          lastCommentId: null,
          week: weekOf(new Date()),
          createdAt: Timestamp.fromMillis(1_700_000_000_000 + i * 1000),
          editedAt: null,
        });
      }
      await batch.commit();
    });
    const repo = postsRepository(bob.db);
    const p1 = await repo.bookReviews(isbn);
    const p2 = await repo.bookReviews(isbn, p1.cursor);
    expect([p1.items.length, p2.items.length]).toEqual([8, 4]);
    expect([p1.hasMore, p2.hasMore]).toEqual([true, false]);
    const ids = [...p1.items, ...p2.items].map((p) => p.id);
    expect(ids).toEqual(Array.from({ length: 12 }, (_, i) => `room-${isbn}-${11 - i}`));
    // The spoiler page travels with the review (the card gates it by the viewer's own progress).
    expect(p2.items.at(-1)?.spoilerPage).toBe(120);
  });
  it('"recommended to me" lists what is addressed to the reader', async () => {
    await resetLimit(alice);
    const id = await createPost(alice.db, author(alice, 'Alice'), BOOK, {
      kind: 'recommendation',
      isbn13: BOOK.isbn13,
      body: '밥에게 권해요',
      audience: 'member',
      toUid: bob.uid,
      toName: 'Bob',
    });
    const page = await postsRepository(bob.db).recommendedTo(bob.uid);
    expect(page.items.map((p) => p.id)).toContain(id);
    expect((await postsRepository(alice.db).recommendedTo(alice.uid)).items.map((p) => p.id)).not.toContain(id);
  });
});
