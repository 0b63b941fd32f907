import { sendPasswordResetEmail } from 'firebase/auth/web-extension';
import { useState } from 'preact/hooks';
import { ErrorNote } from '../../components/error-note';
import { firebase } from '../../data/firebase-app';
import { t } from '../../i18n';
import { describeError } from '../account/describe-error';
import '../shelf/shelf.css';
import { GoogleSignInError, googleSignInAvailable, signInWithGoogle } from './google-sign-in';

/**
 * "Forgot password?" for the sign-in form: sends Firebase's reset email to the address typed in the form
 * (works against the Auth emulator too, where the link appears in the emulator's log).
 */
export function ForgotPassword({ email }: { email: string }) {
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  async function send() {
    setMessage(null);
    setError(null);
    const address = email.trim();
    if (!address) return setError(t('acctResetNeedEmail'));
    try {
      await sendPasswordResetEmail(firebase().auth, address);
      setMessage(t('acctResetSent', address));
    } catch (err) {
      setError(describeError(err));
    }
  }
  return (
    <div class="forgot-password">
      {/* Not class "link": the sign-in form's own toggle is found as its only button.link. */}
      <button type="button" class="text-button" data-testid="forgot-password" onClick={send}>
        {t('acctForgotPassword')}
      </button>
      {message && (
        <p class="muted" role="status" data-testid="reset-sent">
          {message}
        </p>
      )}
      <ErrorNote message={error} />
    </div>
  );
}

export function describeGoogleError(err: unknown): string {
  if (err instanceof GoogleSignInError && err.reason === 'cancelled') return t('acctGoogleCancelled');
  if (err instanceof GoogleSignInError) return t('acctGoogleFailed', err.reason);
  return describeError(err);
}

/** "Continue with Google", rendered only when the build has an OAuth client id. */
export function GoogleSignInButton() {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (!googleSignInAvailable()) return null;
  async function go() {
    setError(null);
    setBusy(true);
    try {
      const { auth, db } = firebase();
      await signInWithGoogle(auth, db);
    } catch (err) {
      setError(describeGoogleError(err));
    } finally {
      setBusy(false);
    }
  }
  return (
    <div class="google-sign-in">
      <button type="button" disabled={busy} data-testid="google-sign-in" onClick={go}>
        {t('acctGoogle')}
      </button>
      <ErrorNote message={error} />
    </div>
  );
}
