import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { doc, getDoc, serverTimestamp, setDoc, updateDoc } from 'firebase/firestore';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLUB_LIMITS } from '../../shared/schemas/club';
import { ClubError, clubsRepository } from './clubs-repository';
import { eventually, newReader, type TestReader } from './emu-test-support';
import { usersRepository } from './users-repository';

// The clubs repository against the Auth and Firestore emulators with the project's real rules: every
// batch it builds must pass them, and what the rules refuse comes back as a ClubError.
describe('clubs repository (emulator, real rules)', () => {
  let hana: TestReader;
  let minu: TestReader;
  let oscar: TestReader;
  let clubId = '';
  let code = '';

  beforeAll(async () => {
    [hana, minu, oscar] = await Promise.all([newReader('hana'), newReader('minu'), newReader('oscar')]);
    for (const r of [hana, minu, oscar]) await usersRepository(r.db).create(r.uid, r.uid.slice(0, 12));
  });
  afterAll(async () => {
    await Promise.all([hana, minu, oscar].map((r) => r?.close()));
  });

  it('creates a private club with the host as its first member and an invite code', async () => {
    const repo = clubsRepository(hana.db);
    clubId = await repo.create(hana.uid, 'Hana', {
      name: '수요 독서모임',
      description: '한 달에 한 권',
      visibility: 'private',
      requireApproval: false,
    });
    const club = await repo.get(clubId);
    expect(club?.hostUid).toBe(hana.uid);
    expect(club?.members).toEqual({ [hana.uid]: true });
    expect(club?.roomCode).toMatch(/^[2-9A-Z]{6}$/);
    code = (await repo.inviteCode(clubId)) ?? '';
    expect(code).toMatch(/^[2-9A-Z]{8}$/);
    expect(await repo.readIndex(hana.uid)).toEqual([clubId]);
  });

  it('refuses a bad name with a clear error before writing anything', async () => {
    await expect(
      clubsRepository(hana.db).create(hana.uid, 'Hana', {
        name: ' ',
        description: '',
        visibility: 'public',
        requireApproval: false,
      }),
    ).rejects.toMatchObject({ code: 'invalid-input' });
  });

  it('a reader joins with the code; a wrong code is a clear error', async () => {
    const repo = clubsRepository(minu.db);
    await expect(repo.joinWithCode(minu.uid, 'Minu', 'ZZZZ9999')).rejects.toMatchObject({ code: 'invite-not-found' });
    await expect(repo.readInvite('nope')).rejects.toBeInstanceOf(ClubError);
    const { clubId: joined, outcome } = await repo.joinWithCode(minu.uid, 'Minu', code);
    expect(joined).toBe(clubId);
    expect(outcome).toBe('joined');
    expect((await repo.joinWithCode(minu.uid, 'Minu', code)).outcome).toBe('already-member');
  });

  it('lists members in joining order with their levels, by cursor', async () => {
    const repo = clubsRepository(minu.db);
    const first = await repo.membersPage(clubId, null, 1);
    expect(first.members.map((m) => [m.uid, m.role])).toEqual([[hana.uid, 'host']]);
    expect(first.hasMore).toBe(true);
    expect(first.members[0]?.level).toBe(1);
    const second = await repo.membersPage(clubId, first.cursor, 1);
    expect(second.members.map((m) => m.uid)).toEqual([minu.uid]);
    expect(second.hasMore).toBe(false);
  });

  it('a non-member cannot read the club or its members', async () => {
    const repo = clubsRepository(oscar.db);
    expect(await repo.get(clubId)).toBeNull();
    await expect(repo.membersPage(clubId)).rejects.toMatchObject({ code: 'permission-denied' });
  });

  it('a club-mate reads a members-only profile; a stranger does not', async () => {
    await updateDoc(doc(minu.db, 'users', minu.uid), { visibility: 'members', updatedAt: serverTimestamp() });
    await setDoc(doc(minu.db, 'users', minu.uid, 'profile', 'details'), { bio: '밤에 읽어요', updatedAt: serverTimestamp() });
    expect((await usersRepository(hana.db).get(minu.uid))?.bio).toBe('밤에 읽어요');
    const seen = await usersRepository(oscar.db).get(minu.uid);
    expect(seen?.displayName).toBeTruthy();
    expect(seen?.bio).toBeUndefined();
  });

  it('the host sets the current book and the schedule; members see it live, strangers do not; bad meetings are refused', async () => {
    const repo = clubsRepository(hana.db);
    await repo.setCurrentBook(clubId, { isbn13: '9788937460449', title: '채식주의자', authors: ['한강'], coverUrl: null });
    const later = new Date(Date.now() + 3 * 86400000);
    const sooner = new Date(Date.now() + 86400000);
    await repo.saveMeeting(clubId, hana.uid, { at: later, note: '4–6장', fromPage: 81, toPage: 160 });
    const firstId = await repo.saveMeeting(clubId, hana.uid, { at: sooner, note: '1–3장', fromPage: 1, toPage: 80 });
    let meetings: { id: string; note: string }[] = [];
    const stop = clubsRepository(minu.db).watchMeetings(clubId, (m) => {
      meetings = m;
    });
    await eventually(() => expect(meetings.map((m) => m.note)).toEqual(['1–3장', '4–6장']));
    await repo.saveMeeting(clubId, hana.uid, { at: sooner, note: '1–2장', fromPage: 1, toPage: 60 }, firstId);
    await eventually(() => expect(meetings.map((m) => m.note)).toEqual(['1–2장', '4–6장']));
    stop();
    const club = await repo.get(clubId);
    expect(club?.currentBook?.title).toBe('채식주의자');
    await expect(repo.saveMeeting(clubId, hana.uid, { at: later, note: '', fromPage: 90, toPage: 10 })).rejects.toMatchObject({
      code: 'invalid-input',
    });
    await expect(
      clubsRepository(minu.db).saveMeeting(clubId, minu.uid, { at: later, note: 'mine', fromPage: null, toPage: null }),
    ).rejects.toMatchObject({ code: 'not-allowed' });
    let strangerSees: unknown[] | null = null;
    const stop2 = clubsRepository(oscar.db).watchMeetings(clubId, (m) => {
      strangerSees = m;
    });
    await eventually(() => expect(strangerSees).toEqual([]));
    stop2();
    // a member cannot: the rules' refusal becomes a ClubError
    await expect(clubsRepository(minu.db).setCurrentBook(clubId, null)).rejects.toMatchObject({ code: 'not-allowed' });
  });

  it('co-host, transfer, and the host cannot leave without handing over', async () => {
    const repo = clubsRepository(hana.db);
    let club = await repo.get(clubId);
    if (!club) throw new Error('club gone');
    await expect(repo.leave(club, hana.uid)).rejects.toMatchObject({ code: 'host-cannot-leave' });
    await repo.setCoHost(club, minu.uid, true);
    await eventually(async () => expect((await repo.get(clubId))?.coHostUids).toEqual([minu.uid]));
    club = await repo.get(clubId);
    if (!club) throw new Error('club gone');
    await repo.transferHost(club, minu.uid);
    club = await repo.get(clubId);
    expect(club?.hostUid).toBe(minu.uid);
    expect(club?.coHostUids).toEqual([hana.uid]);
    const members = await repo.membersPage(clubId);
    expect(Object.fromEntries(members.members.map((m) => [m.uid, m.role]))).toEqual({ [minu.uid]: 'host', [hana.uid]: 'cohost' });
    if (!club) throw new Error('club gone');
    await repo.leave(club, hana.uid);
    expect(await repo.get(clubId)).toBeNull();
    expect(await repo.readIndex(hana.uid)).toEqual([]);
  });

  it('approval: a join becomes a request the host approves; a removed member loses the club', async () => {
    const host = clubsRepository(minu.db);
    let club = await host.get(clubId);
    if (!club) throw new Error('club gone');
    await host.updateSettings(club, {
      name: club.name,
      description: club.description,
      visibility: 'private',
      requireApproval: true,
    });
    const newCode = await host.regenerateInvite({ ...club, requireApproval: true }, minu.uid);
    const guest = clubsRepository(oscar.db);
    await expect(guest.joinWithCode(oscar.uid, 'Oscar', code)).rejects.toMatchObject({ code: 'invite-not-found' });
    expect((await guest.joinWithCode(oscar.uid, 'Oscar', newCode)).outcome).toBe('requested');
    expect(await guest.get(clubId)).toBeNull();
    expect(await guest.readIndex(oscar.uid)).toEqual([clubId]);
    let pending: { uid: string; displayName: string; createdAt: Date; via: string | null }[] = [];
    const stop = host.watchRequests(clubId, (r) => {
      pending = r;
    });
    await eventually(() => expect(pending.map((r) => r.uid)).toEqual([oscar.uid]));
    stop();
    const [request] = pending;
    if (!request) throw new Error('no request');
    await host.approve(club, request);
    expect((await guest.get(clubId))?.members[oscar.uid]).toBe(true);
    club = await host.get(clubId);
    if (!club) throw new Error('club gone');
    await host.remove(club, minu.uid, oscar.uid);
    expect(await guest.get(clubId)).toBeNull();
    expect((await getDoc(doc(minu.db, 'clubs', clubId, 'members', oscar.uid))).exists()).toBe(false);
    await guest.forget(oscar.uid, clubId);
    expect(await guest.readIndex(oscar.uid)).toEqual([]);
  });

  it('a reader already in 8 clubs gets a clear error', async () => {
    const repo = clubsRepository(oscar.db);
    await setDoc(doc(oscar.db, 'users', oscar.uid, 'clubs', 'index'), {
      clubIds: Array.from({ length: CLUB_LIMITS.clubsPerReader }, (_, i) => `c${i}`),
      updatedAt: serverTimestamp(),
    });
    await expect(
      repo.create(oscar.uid, 'Oscar', { name: 'Ninth', description: '', visibility: 'public', requireApproval: false }),
    ).rejects.toMatchObject({ code: 'too-many-clubs' });
  });

  it('the public directory lists public clubs newest first', async () => {
    const repo = clubsRepository(hana.db);
    const id = await repo.create(hana.uid, 'Hana', {
      name: 'Open shelf',
      description: '',
      visibility: 'public',
      requireApproval: false,
    });
    const page = await clubsRepository(oscar.db).publicPage();
    expect(page.clubs.map((c) => c.id)).toContain(id);
    expect(page.clubs.every((c) => c.visibility === 'public')).toBe(true);
    const club = await repo.get(id);
    if (!club) throw new Error('club gone');
    await repo.close(club, hana.uid);
    expect(await repo.get(id)).toBeNull();
  });

  it('every composite query the repository builds has its index in firestore.indexes.json', () => {
    const file = JSON.parse(
      readFileSync(join(import.meta.dirname, '..', '..', 'firebase', 'firestore.indexes.json'), 'utf8'),
    ) as {
      indexes: { collectionGroup: string; fields: { fieldPath: string; order: string }[] }[];
    };
    const has = (group: string, fields: [string, string][]) =>
      file.indexes.some(
        (i) =>
          i.collectionGroup === group &&
          i.fields.length === fields.length &&
          i.fields.every((f, n) => f.fieldPath === fields[n]?.[0] && f.order === fields[n]?.[1]),
      );
    // publicPage: where visibility == 'public' orderBy createdAt desc. (members: orderBy joinedAt + id and
    // requests: orderBy createdAt are single-field and need none.)
    expect(
      has('clubs', [
        ['visibility', 'ASCENDING'],
        ['createdAt', 'DESCENDING'],
      ]),
    ).toBe(true);
  });
});
