// @vitest-environment happy-dom
import { cleanup, render, screen, waitFor } from '@testing-library/preact';
import type { Firestore } from 'firebase/firestore';
import { h } from 'preact';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { updateProfile } from '../../data/account-data';
import { newReader, randomIsbn, type TestReader } from '../../data/emu-test-support';
import { addToShelf } from '../../data/shelf-repository';
import { usersRepository } from '../../data/users-repository';

// Another reader's profile as the room opens it, against the emulators and the real rules: the view shows
// what the rules let the viewer read, and a members-only profile's refusals are quiet (name and level).
let viewerDb: Firestore | undefined;
vi.mock('../../data/firebase-app', () => ({ firebase: () => ({ db: viewerDb }) }));
// The build-time config (profile-view's account settings import it); nothing here reads it.
vi.mock('../../data/config', () => ({ config: {} }));
vi.mock('../../i18n', () => ({
  t: (key: string, subs?: string | string[]) => (subs === undefined ? key : `${key}:${[subs].flat().join(',')}`),
  uiLocale: () => 'en',
}));
const { PublicProfile } = await import('./public-profile');

let owner: TestReader;
let viewer: TestReader;
const reading = { isbn13: randomIsbn(), title: '지금 읽는 책', authors: ['작가'], pages: 100 };
const finished = { isbn13: randomIsbn(), title: '다 읽은 책', authors: ['작가'], pages: 300 };

beforeAll(async () => {
  owner = await newReader('owner');
  viewer = await newReader('viewer');
  viewerDb = viewer.db;
  await usersRepository(owner.db).create(owner.uid, 'Owner');
  await updateProfile(owner.db, owner.uid, { bio: '밤에 읽는 사람', interests: ['novel'] });
  await (await addToShelf(owner.db, owner.uid, reading, 'reading')).synced;
  await (await addToShelf(owner.db, owner.uid, finished, 'read')).synced;
});
afterEach(cleanup);
afterAll(async () => {
  await owner?.close();
  await viewer?.close();
});

describe('PublicProfile (another reader, real rules)', () => {
  it('a public profile: bio, what they are reading, stats and badges', async () => {
    render(h(PublicProfile, { uid: owner.uid, viewerUid: viewer.uid, sharesRoom: true }));
    await waitFor(() => expect(screen.getByTestId('public-profile').getAttribute('data-full')).toBe('true'), { timeout: 15_000 });
    expect(screen.getByTestId('profile-bio').textContent).toBe('밤에 읽는 사람');
    expect(screen.getByTestId('profile-reading').textContent).toContain('지금 읽는 책');
    expect(screen.getByTestId('profile-reading').textContent).not.toContain('다 읽은 책');
    expect(screen.getByTestId('stat-books').textContent).toBe('1');
    expect(screen.getByTestId('profile-badges').querySelector('[data-badge="first-book"]')?.getAttribute('data-earned')).toBe(
      'true',
    );
  });
  it('a public profile whose reader hides what they read: no reading list, the rest as before', async () => {
    await updateProfile(owner.db, owner.uid, { showReading: false });
    render(h(PublicProfile, { uid: owner.uid, viewerUid: viewer.uid, sharesRoom: true }));
    await waitFor(() => expect(screen.getByTestId('public-profile').getAttribute('data-full')).toBe('true'), { timeout: 15_000 });
    expect(screen.queryByTestId('profile-reading')).toBeNull();
    expect(screen.getByTestId('profile-bio').textContent).toBe('밤에 읽는 사람');
  });
  it('a members-only profile, even to someone in the same room: name and level only, no error', async () => {
    await updateProfile(owner.db, owner.uid, { visibility: 'members', showReading: true });
    render(h(PublicProfile, { uid: owner.uid, viewerUid: viewer.uid, sharesRoom: true }));
    await waitFor(() => expect(screen.getByTestId('public-profile').getAttribute('data-full')).toBe('false'), {
      timeout: 15_000,
    });
    expect(screen.getByTestId('profile-name').textContent).toBe('Owner');
    // 1 book read + 300 pages: 13 points, level 2.
    expect(screen.getByTestId('profile-level').textContent).toContain('profileLevel:2');
    expect(screen.queryByTestId('profile-bio')).toBeNull();
    expect(screen.queryByTestId('profile-reading')).toBeNull();
    expect(screen.queryByTestId('error')).toBeNull();
  });
});
