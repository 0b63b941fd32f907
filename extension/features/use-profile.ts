import { useEffect, useState } from 'preact/hooks';
import type { UserProfile } from '../../shared/schemas/user-profile';
import { firebase } from '../data/firebase-app';
import { usersRepository } from '../data/users-repository';

/** The signed-in reader's profile, live (null until it exists). */
export function useProfile(uid: string): UserProfile | null {
  const [profile, setProfile] = useState<UserProfile | null>(null);
  useEffect(() => usersRepository(firebase().db).watch(uid, setProfile, () => setProfile(null)), [uid]);
  return profile;
}
