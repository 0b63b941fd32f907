import { createUserWithEmailAndPassword, signInWithEmailAndPassword } from 'firebase/auth/web-extension';
import { useState } from 'preact/hooks';
import { DisplayNameSchema, PROFILE_LIMITS } from '../../../shared/schemas/user-profile';
import { CharCounter } from '../../components/char-counter';
import { ErrorNote } from '../../components/error-note';
import { firebase } from '../../data/firebase-app';
import { usersRepository, whileCreatingProfile } from '../../data/users-repository';
import { t } from '../../i18n';
import { ForgotPassword, GoogleSignInButton } from '../profile/auth-extras';
import { describeError } from './describe-error';

type Mode = 'sign-in' | 'sign-up';

export function AuthForm() {
  const [mode, setMode] = useState<Mode>('sign-in');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: Event) {
    event.preventDefault();
    setError(null);
    const { auth, db } = firebase();
    if (mode === 'sign-up' && !DisplayNameSchema.safeParse(displayName).success) {
      setError(t('errDisplayNameRequired'));
      return;
    }
    setBusy(true);
    try {
      if (mode === 'sign-up') {
        // The panel's profile listeners wait for the profile to be created (see whileCreatingProfile).
        await whileCreatingProfile(async () => {
          const cred = await createUserWithEmailAndPassword(auth, email.trim(), password);
          // Firestore must see the new user before the profile write (see usersRepository.create).
          await auth.authStateReady();
          await cred.user.getIdToken();
          await usersRepository(db).create(cred.user.uid, displayName);
        });
      } else {
        await signInWithEmailAndPassword(auth, email.trim(), password);
      }
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  }

  const signUp = mode === 'sign-up';
  return (
    <form class="card auth-form" onSubmit={submit} data-testid="auth-form" noValidate>
      <h2>{signUp ? t('signUp') : t('signIn')}</h2>
      {signUp && (
        <label>
          {t('displayName')}
          <input
            name="displayName"
            value={displayName}
            autoComplete="nickname"
            aria-describedby="signup-name-count"
            aria-invalid={displayName.length > PROFILE_LIMITS.displayName}
            onInput={(e) => setDisplayName(e.currentTarget.value)}
          />
          <small>{t('displayNameHint')}</small>
          <CharCounter id="signup-name-count" value={displayName} max={PROFILE_LIMITS.displayName} />
        </label>
      )}
      <label>
        {t('email')}
        <input name="email" type="email" value={email} autoComplete="email" onInput={(e) => setEmail(e.currentTarget.value)} />
      </label>
      <label>
        {t('password')}
        <input
          name="password"
          type="password"
          value={password}
          autoComplete={signUp ? 'new-password' : 'current-password'}
          onInput={(e) => setPassword(e.currentTarget.value)}
        />
      </label>
      <ErrorNote message={error} />
      <button type="submit" class="primary" disabled={busy} data-testid="auth-submit">
        {signUp ? t('createAccount') : t('signIn')}
      </button>
      {!signUp && <ForgotPassword email={email} />}
      <GoogleSignInButton />
      <button
        type="button"
        class="link"
        onClick={() => {
          setMode(signUp ? 'sign-in' : 'sign-up');
          setError(null);
        }}
      >
        {signUp ? t('haveAccount') : t('noAccount')}
      </button>
    </form>
  );
}
