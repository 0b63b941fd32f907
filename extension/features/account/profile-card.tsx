import type { User } from 'firebase/auth/web-extension';
import { useEffect, useState } from 'preact/hooks';
import type { UserProfile } from '../../../shared/schemas/user-profile';
import { ErrorNote } from '../../components/error-note';
import { firebase } from '../../data/firebase-app';
import { usersRepository } from '../../data/users-repository';
import { t, uiLocale } from '../../i18n';
import { signOutReader } from '../session';
import { describeError } from './describe-error';

type State = { status: 'loading' } | { status: 'ready'; profile: UserProfile | null } | { status: 'error'; message: string };

export function ProfileCard({ user }: { user: User }) {
  const [state, setState] = useState<State>({ status: 'loading' });
  useEffect(
    () =>
      usersRepository(firebase().db).watch(
        user.uid,
        (profile) => setState({ status: 'ready', profile }),
        (err) => setState({ status: 'error', message: describeError(err) }),
      ),
    [user.uid],
  );

  return (
    <section class="card profile" data-testid="profile">
      <h2>{t('profileTitle')}</h2>
      {state.status === 'loading' && <p class="muted">{t('loading')}</p>}
      {state.status === 'error' && <ErrorNote message={state.message} />}
      {state.status === 'ready' && state.profile && (
        <>
          <p class="profile-name" data-testid="profile-name">
            {state.profile.displayName}
          </p>
          <p class="muted">{user.email}</p>
          <p class="muted" data-testid="member-since">
            {t('memberSince', state.profile.createdAt.toLocaleDateString(uiLocale()))}
          </p>
        </>
      )}
      {state.status === 'ready' && !state.profile && <ErrorNote message={t('errProfileMissing')} />}
      <button type="button" data-testid="sign-out" onClick={() => signOutReader()}>
        {t('signOut')}
      </button>
    </section>
  );
}
