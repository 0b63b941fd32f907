import {
  deleteUser,
  EmailAuthProvider,
  reauthenticateWithCredential,
  sendPasswordResetEmail,
  type User,
} from 'firebase/auth/web-extension';
import { useState } from 'preact/hooks';
import { ErrorNote } from '../../components/error-note';
import { deleteAccountData } from '../../data/account-data';
import { firebase } from '../../data/firebase-app';
import { t } from '../../i18n';
import { leaveRoom } from '../room/room-store';
import { describeGoogleError } from './auth-extras';
import { reauthenticateWithGoogle } from './google-sign-in';

const code = (err: unknown) => (typeof err === 'object' && err && 'code' in err ? String(err.code) : '');

/** Password reset and account deletion (profile, shelf and stats first, then the Auth user). */
export function AccountSettings({ user }: { user: User }) {
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const hasPassword = user.providerData.some((p) => p.providerId === 'password');
  const hasGoogle = user.providerData.some((p) => p.providerId === 'google.com');

  async function reset() {
    setMessage(null);
    setError(null);
    if (!user.email) return setError(t('acctResetNeedEmail'));
    try {
      await sendPasswordResetEmail(firebase().auth, user.email);
      setMessage(t('acctResetSent', user.email));
    } catch (err) {
      setError(describeGoogleError(err));
    }
  }

  async function remove(event: Event) {
    event.preventDefault();
    setError(null);
    setBusy(true);
    try {
      // Fresh credentials first, so the Auth user can be deleted right after the data.
      if (hasPassword && user.email) {
        await reauthenticateWithCredential(user, EmailAuthProvider.credential(user.email, password));
      } else if (hasGoogle) {
        await reauthenticateWithGoogle(user);
      }
      // Leave a live call first (goodbye, camera off) while the account can still tell the server.
      await leaveRoom();
      await deleteAccountData(firebase().db, user.uid);
      await deleteUser(user);
    } catch (err) {
      setError(code(err) === 'auth/requires-recent-login' ? t('acctDeleteRecentLogin') : describeGoogleError(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="card account-settings" data-testid="account-settings">
      <h2>{t('acctTitle')}</h2>
      {hasPassword && (
        <button type="button" data-testid="password-reset" onClick={reset}>
          {t('acctResetPassword')}
        </button>
      )}
      {message && (
        <p class="muted" role="status" data-testid="reset-sent">
          {message}
        </p>
      )}
      {!confirming ? (
        <button type="button" class="danger" data-testid="delete-account" onClick={() => setConfirming(true)}>
          {t('acctDelete')}
        </button>
      ) : (
        <form class="delete-account" onSubmit={remove} data-testid="delete-account-form">
          <p>{t('acctDeleteExplain')}</p>
          {hasPassword && (
            <label>
              {t('acctDeletePassword')}
              <input
                type="password"
                autoComplete="current-password"
                value={password}
                data-testid="delete-account-password"
                onInput={(e) => setPassword(e.currentTarget.value)}
              />
            </label>
          )}
          <div class="shelf-actions">
            <button type="submit" class="danger" disabled={busy} data-testid="delete-account-confirm">
              {t('acctDeleteConfirm')}
            </button>
            <button type="button" onClick={() => setConfirming(false)}>
              {t('profileCancel')}
            </button>
          </div>
        </form>
      )}
      <ErrorNote message={error} />
    </section>
  );
}
