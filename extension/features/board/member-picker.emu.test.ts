import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clubsRepository } from '../../data/clubs-repository';
import { newReader, type TestReader } from '../../data/emu-test-support';
import { usersRepository } from '../../data/users-repository';
import { clubMembersLoader } from './member-picker';

// The recommendation's recipient picker reads a club's members with the real rules: a member lists them
// (names only, joining order), a reader outside the club is refused.
describe('member picker: club members under the real rules', () => {
  let hana: TestReader;
  let minu: TestReader;
  let oscar: TestReader;
  let clubId = '';

  beforeAll(async () => {
    [hana, minu, oscar] = await Promise.all([newReader('hana'), newReader('minu'), newReader('oscar')]);
    for (const r of [hana, minu, oscar]) await usersRepository(r.db).create(r.uid, r.uid.slice(0, 12));
    clubId = await clubsRepository(hana.db).create(hana.uid, 'Hana', {
      name: '추천 모임',
      description: '',
      visibility: 'private',
      requireApproval: false,
    });
    const code = (await clubsRepository(hana.db).inviteCode(clubId)) ?? '';
    await clubsRepository(minu.db).joinWithCode(minu.uid, 'Minu', code);
  });
  afterAll(async () => {
    await Promise.all([hana, minu, oscar].map((r) => r?.close()));
  });

  it('a member lists the club’s members by name, in joining order, one page', async () => {
    const page = await clubMembersLoader(minu.db)(clubId, null);
    expect(page.members).toEqual([
      { uid: hana.uid, name: 'Hana' },
      { uid: minu.uid, name: 'Minu' },
    ]);
    expect(page.hasMore).toBe(false);
  });

  it('a reader outside the club is refused', async () => {
    await expect(clubMembersLoader(oscar.db)(clubId, null)).rejects.toMatchObject({ code: 'permission-denied' });
  });
});
