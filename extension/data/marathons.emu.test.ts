import type { RulesTestEnvironment } from '@firebase/rules-unit-testing';
import { disableNetwork, doc, enableNetwork, type Firestore, getDocFromServer, setDoc, Timestamp } from 'firebase/firestore';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rulesEnv } from '../../firebase/tests/rules-env';
import type { Marathon, MarathonInput, Participant } from '../../shared/schemas/marathon';
import type { ShelfEntry } from '../../shared/schemas/shelf-entry';
import { type StripState, watchStrip } from '../features/marathons/strip-data';
import { deleteAccountData } from './account-data';
import { eventually, newReader, randomIsbn, type TestReader } from './emu-test-support';
import { MarathonError, marathonsRepository } from './marathons-repository';
import { addToShelf, logPages, removeFromShelf, setCurrentPage, shelfRepository } from './shelf-repository';
import { usersRepository } from './users-repository';

// The real marathons repository and shelf hook, the real rules, the Auth and Firestore emulators.
const DAY = 86_400_000;

let env: RulesTestEnvironment;
let alice: TestReader;
let bob: TestReader;

beforeAll(async () => {
  env = await rulesEnv();
  alice = await newReader('alice');
  bob = await newReader('bob');
  await usersRepository(alice.db).create(alice.uid, 'Alice');
  await usersRepository(bob.db).create(bob.uid, 'Bob');
});
afterAll(async () => {
  await alice?.close();
  await bob?.close();
  await env?.cleanup();
});

const input = (extra: Partial<MarathonInput> = {}): MarathonInput => ({
  title: '12월 독서마라톤',
  clubId: null,
  startAt: new Date(Date.now() - 60_000),
  endAt: new Date(Date.now() + 30 * DAY),
  targetPages: 500,
  targetBooks: null,
  book: null,
  ...extra,
});
const me = (r: TestReader, name: string) => ({ uid: r.uid, displayName: name });

async function entry(reader: TestReader, isbn13: string): Promise<ShelfEntry> {
  return new Promise((resolve, reject) => {
    const stop = shelfRepository(reader.db).watch(
      reader.uid,
      (entries) => {
        const found = entries.find((e) => e.isbn13 === isbn13);
        if (!found) return;
        stop();
        resolve(found);
      },
      reject,
    );
  });
}

async function serverParticipant(db: Firestore, marathonId: string, uid: string): Promise<Participant | undefined> {
  const snap = await getDocFromServer(doc(db, 'marathons', marathonId, 'participants', uid));
  return snap.data() as Participant | undefined;
}

async function readingBook(reader: TestReader, pages = 300): Promise<ShelfEntry> {
  const book = { isbn13: randomIsbn(), title: `마라톤 책 ${Math.random().toString(36).slice(2, 6)}`, authors: ['작가'], pages };
  await (await addToShelf(reader.db, reader.uid, book, 'reading')).synced;
  return entry(reader, book.isbn13);
}

async function seedClub(clubId: string, host: string, members: string[]): Promise<void> {
  await env.withSecurityRulesDisabled(async (ctx) => {
    const db = ctx.firestore() as unknown as Firestore;
    await setDoc(doc(db, 'clubs', clubId), {
      name: '테스트 모임',
      hostUid: host,
      coHostUids: [],
      roomCode: 'ABC234',
      visibility: 'private',
    });
    for (const uid of members) {
      await setDoc(doc(db, 'clubs', clubId, 'members', uid), {
        uid,
        displayName: uid,
        role: uid === host ? 'host' : 'member',
        joinedAt: Timestamp.now(),
      });
    }
  });
}

describe('create and join', () => {
  it('a personal marathon: the owner is in it at once; a friend joins with the invite code; a wrong code is refused', async () => {
    const repo = marathonsRepository(alice.db);
    const created = await repo.create(me(alice, 'Alice'), input());
    await created.synced;
    expect(created.inviteCode).toMatch(/^[A-Za-z0-9]{20}-[2-9A-Z]{8}$/);
    expect((await serverParticipant(alice.db, created.id, alice.uid))?.pages).toBe(0);
    expect(await repo.inviteCode(created.id)).toBe(created.inviteCode);

    const bobs = marathonsRepository(bob.db);
    const wrong = `${created.id}-ZZZZ2222`;
    await expect(bobs.joinByCode(me(bob, 'Bob'), wrong)).rejects.toMatchObject({ code: 'code-refused' });
    await expect(bobs.joinByCode(me(bob, 'Bob'), 'not a code')).rejects.toMatchObject({ code: 'invalid-code' });
    // Typed by hand: spaces around it and the secret in lower case are fine.
    const [id, secret] = (created.inviteCode ?? '').split('-');
    expect(await bobs.joinByCode(me(bob, 'Bob'), ` ${id}-${secret?.toLowerCase()} `)).toBe(created.id);
    expect((await bobs.get(created.id))?.title).toBe('12월 독서마라톤');
    // Bob cannot see the invite codes.
    await expect(bobs.inviteCode(created.id)).rejects.toBeTruthy();
    await bobs.leave(bob.uid, created.id);
    await repo.remove(alice.uid, created.id);
  });

  it('refuses bad input with a typed error before writing anything', async () => {
    const repo = marathonsRepository(alice.db);
    const now = new Date();
    const cases: [Partial<MarathonInput>, string][] = [
      [{ endAt: new Date(now.getTime() - DAY), startAt: now }, 'end-before-start'],
      [{ startAt: now, endAt: new Date(now.getTime() + 400 * DAY) }, 'too-long'],
      [{ targetPages: 0 }, 'invalid-target'],
      [{ targetPages: -5 }, 'invalid-target'],
      [{ targetPages: 100_001 }, 'invalid-target'],
      [{ targetBooks: 0 }, 'invalid-target-books'],
      [{ title: '   ' }, 'invalid-title'],
    ];
    for (const [extra, code] of cases) {
      await expect(repo.create(me(alice, 'Alice'), input(extra))).rejects.toMatchObject({ code });
    }
  });

  it("a club's marathon: the host creates it, a member joins it, a non-member is refused", async () => {
    const clubId = `club-${Date.now().toString(36)}`;
    await seedClub(clubId, alice.uid, [alice.uid, bob.uid]);
    const repo = marathonsRepository(alice.db);
    const created = await repo.create(me(alice, 'Alice'), input({ clubId }));
    await created.synced;
    expect(created.inviteCode).toBeNull();
    const marathon = (await marathonsRepository(bob.db).get(created.id)) as Marathon;
    await marathonsRepository(bob.db).joinClubMarathon(me(bob, 'Bob'), marathon);
    expect((await serverParticipant(bob.db, created.id, bob.uid))?.pages).toBe(0);

    const carol = await newReader('carol');
    try {
      await expect(marathonsRepository(carol.db).joinClubMarathon(me(carol, 'Carol'), marathon)).rejects.toMatchObject({
        code: 'not-member',
      });
      // Not the host: cannot create one for the club.
      await expect(
        (await marathonsRepository(carol.db).create(me(carol, 'Carol'), input({ clubId }))).synced,
      ).rejects.toBeInstanceOf(MarathonError);
    } finally {
      await carol.close();
    }
    await marathonsRepository(bob.db).leave(bob.uid, created.id);
    await repo.remove(alice.uid, created.id);
  });
});

describe('the shelf hook', () => {
  it('+10 on the shelf logs 10 pages to every running marathon the reader is in, in the same batch', async () => {
    const dana = await newReader('dana');
    try {
      const repo = marathonsRepository(dana.db);
      const one = await repo.create(me(dana, 'Dana'), input({ title: '하나' }));
      const two = await repo.create(me(dana, 'Dana'), input({ title: '둘' }));
      const later = await repo.create(me(dana, 'Dana'), input({ title: '나중', startAt: new Date(Date.now() + 5 * DAY) }));
      await Promise.all([one.synced, two.synced, later.synced]);
      const book = await readingBook(dana);
      await logPages(dana.db, dana.uid, book, 10).synced;
      expect((await serverParticipant(dana.db, one.id, dana.uid))?.pages).toBe(10);
      expect((await serverParticipant(dana.db, two.id, dana.uid))?.pages).toBe(10);
      // Not started yet: not counted.
      expect((await serverParticipant(dana.db, later.id, dana.uid))?.pages).toBe(0);
      const { logs } = await repo.logs(one.id, dana.uid);
      expect(logs.map((l) => [l.delta, l.isbn13])).toEqual([[10, book.isbn13]]);
      // A 4th marathon that has not ended is refused with a clear error (the batch's budget).
      await expect(repo.create(me(dana, 'Dana'), input({ title: '넷' }))).rejects.toMatchObject({ code: 'too-many-running' });

      // A correction: page 10 → 4 logs −6; removing the book from the shelf logs nothing.
      const at10 = await entry(dana, book.isbn13);
      await setCurrentPage(dana.db, dana.uid, at10, 4).synced;
      expect((await serverParticipant(dana.db, one.id, dana.uid))?.pages).toBe(4);
      await removeFromShelf(dana.db, dana.uid, await entry(dana, book.isbn13)).synced;
      expect((await serverParticipant(dana.db, one.id, dana.uid))?.pages).toBe(4);
      expect((await repo.logs(one.id, dana.uid)).logs.map((l) => l.delta)).toEqual([-6, 10]);
    } finally {
      await dana.close();
    }
  });

  it('a single-book marathon counts that book only', async () => {
    const eve = await newReader('eve');
    try {
      const book = await readingBook(eve);
      const other = await readingBook(eve);
      const repo = marathonsRepository(eve.db);
      const only = await repo.create(
        me(eve, 'Eve'),
        input({ book: { isbn13: book.isbn13, title: book.title, authors: book.authors, coverUrl: null } }),
      );
      await only.synced;
      await logPages(eve.db, eve.uid, other, 10).synced;
      await logPages(eve.db, eve.uid, book, 7).synced;
      expect((await serverParticipant(eve.db, only.id, eve.uid))?.pages).toBe(7);
    } finally {
      await eve.close();
    }
  });

  it('offline: a page logged offline shows at once and syncs with its marathon log after reconnecting', async () => {
    const fay = await newReader('fay');
    try {
      const repo = marathonsRepository(fay.db);
      const m = await repo.create(me(fay, 'Fay'), input());
      await m.synced;
      const book = await readingBook(fay);
      await disableNetwork(fay.db);
      const first = logPages(fay.db, fay.uid, book, 10);
      const second = logPages(fay.db, fay.uid, await entry(fay, book.isbn13), 15);
      // The reader's own row shows it from the local cache at once.
      await eventually(
        () =>
          new Promise<void>((resolve, reject) => {
            const stop = repo.watchParticipant(
              m.id,
              fay.uid,
              (p) => {
                stop();
                p?.pages === 25 ? resolve() : reject(new Error(`pages ${p?.pages}`));
              },
              reject,
            );
          }),
      );
      // Nothing has reached the server yet.
      expect((await serverParticipant(alice.db, m.id, fay.uid).catch(() => undefined))?.pages ?? 0).toBe(0);
      await enableNetwork(fay.db);
      await first.synced;
      await second.synced;
      expect((await serverParticipant(fay.db, m.id, fay.uid))?.pages).toBe(25);
      expect((await repo.logs(m.id, fay.uid)).logs.map((l) => l.delta)).toEqual([15, 10]);
    } finally {
      await fay.close();
    }
  });

  it('a marathon deleted meanwhile never loses the shelf change (it is sent again without the logs)', async () => {
    const gus = await newReader('gus');
    try {
      const repo = marathonsRepository(gus.db);
      const m = await repo.create(me(gus, 'Gus'), input());
      await m.synced;
      const book = await readingBook(gus);
      // The owner deletes the marathon elsewhere; this reader's list still names it.
      await env.withSecurityRulesDisabled(async (ctx) => {
        const db = ctx.firestore() as unknown as Firestore;
        const { deleteDoc } = await import('firebase/firestore');
        await deleteDoc(doc(db, 'marathons', m.id));
      });
      await logPages(gus.db, gus.uid, book, 10).synced;
      const server = await getDocFromServer(doc(gus.db, 'users', gus.uid, 'shelf', book.isbn13));
      expect(server.data()?.currentPage).toBe(10);
    } finally {
      await gus.close();
    }
  });
});

describe('leaderboard', () => {
  it('top readers by pages, hidden readers left out, and the reader’s own rank by count()', async () => {
    const clubId = `club-lb-${Date.now().toString(36)}`;
    const hana = await newReader('hana');
    try {
      await usersRepository(hana.db).create(hana.uid, 'Hana');
      await seedClub(clubId, alice.uid, [alice.uid, bob.uid, hana.uid]);
      const created = await marathonsRepository(alice.db).create(me(alice, 'Alice'), input({ clubId }));
      await created.synced;
      const marathon = (await marathonsRepository(bob.db).get(created.id)) as Marathon;
      await marathonsRepository(bob.db).joinClubMarathon(me(bob, 'Bob'), marathon);
      await marathonsRepository(hana.db).joinClubMarathon(me(hana, 'Hana'), marathon);
      const pagesBy = [
        [alice, 10],
        [bob, 30],
        [hana, 20],
      ] as const;
      for (const [r, n] of pagesBy) await logPages(r.db, r.uid, await readingBook(r), n).synced;

      const rows = await new Promise<Participant[]>((resolve, reject) => {
        const stop = marathonsRepository(alice.db).watchLeaderboard(
          created.id,
          (list, meta) => {
            if (meta.fromCache) return;
            stop();
            resolve(list);
          },
          reject,
        );
      });
      expect(rows.map((p) => p.displayName)).toEqual(['Bob', 'Hana', 'Alice']);
      expect(await marathonsRepository(alice.db).rank(created.id, 10)).toBe(3);

      await marathonsRepository(bob.db).setHidden(bob.uid, created.id, true);
      await eventually(async () => {
        const list = await new Promise<Participant[]>((resolve, reject) => {
          const stop = marathonsRepository(hana.db).watchLeaderboard(
            created.id,
            (l, meta) => {
              if (meta.fromCache) return;
              stop();
              resolve(l);
            },
            reject,
          );
        });
        expect(list.map((p) => p.displayName)).toEqual(['Hana', 'Alice']);
      });
      expect(await marathonsRepository(hana.db).rank(created.id, 20)).toBe(1);
    } finally {
      await hana.close();
    }
  });
});

describe('account deletion', () => {
  it("removes the reader's leaderboard rows and their list of marathons", async () => {
    const ivy = await newReader('ivy');
    try {
      await usersRepository(ivy.db).create(ivy.uid, 'Ivy');
      const created = await marathonsRepository(alice.db).create(me(alice, 'Alice'), input({ title: '삭제 테스트' }));
      await created.synced;
      await marathonsRepository(ivy.db).joinByCode(me(ivy, 'Ivy'), created.inviteCode ?? '');
      expect(await serverParticipant(alice.db, created.id, ivy.uid)).toBeTruthy();
      await deleteAccountData(ivy.db, ivy.uid);
      expect(await serverParticipant(alice.db, created.id, ivy.uid)).toBeUndefined();
      await marathonsRepository(alice.db).remove(alice.uid, created.id);
    } finally {
      await ivy.close();
    }
  });
});

describe('the strip (watchStrip): bounded reads', () => {
  it('top 10 + own row + one count() for a reader outside the top 10; no recount when a row above moves', async () => {
    const jay = await newReader('jay');
    try {
      await usersRepository(jay.db).create(jay.uid, 'Jay');
      const created = await marathonsRepository(jay.db).create(me(jay, 'Jay'), input({ title: '스트립' }));
      await created.synced;
      const id = created.id;
      // 12 others above Jay (rules off, as seed data); Jay stays at 0 pages.
      await env.withSecurityRulesDisabled(async (ctx) => {
        const db = ctx.firestore() as unknown as Firestore;
        for (let i = 0; i < 12; i++) {
          await setDoc(doc(db, 'marathons', id, 'participants', `seed-${i}`), {
            uid: `seed-${i}`,
            displayName: `Seed ${i}`,
            pages: 100 + i * 10,
            books: 0,
            hidden: i === 0,
            lastLogId: null,
            joinedAt: Timestamp.now(),
            updatedAt: Timestamp.now(),
          });
        }
      });
      const counter = { docs: 0, counts: 0 };
      let last = null as StripState | null;
      const stop = watchStrip(
        jay.db,
        id,
        jay.uid,
        (s) => (last = s),
        () => {},
        counter,
      );
      await eventually(() => {
        expect(last?.loaded).toBe(true);
        expect(last?.rank).toBe(12); // 11 visible readers above (one hidden)
      });
      expect(last?.top.map((p) => p.uid)[0]).toBe('seed-11');
      expect(counter).toEqual({ docs: 11, counts: 1 });
      // A row above Jay moves (stays above): one read for the changed row, no new count().
      await env.withSecurityRulesDisabled(async (ctx) => {
        const { updateDoc } = await import('firebase/firestore');
        await updateDoc(doc(ctx.firestore() as unknown as Firestore, 'marathons', id, 'participants', 'seed-5'), { pages: 1000 });
      });
      await eventually(() => expect(last?.top[0]?.uid).toBe('seed-5'));
      await new Promise((r) => setTimeout(r, 500));
      expect(counter).toEqual({ docs: 12, counts: 1 });
      stop();
    } finally {
      await jay.close();
    }
  });
});
