import { t } from '../i18n';
import { AuthForm } from './account/auth-form';
import { ProfileCard } from './account/profile-card';
import { useSession } from './session';

export function App() {
  const session = useSession();
  return (
    <main class="app">
      <header class="app-header">
        <h1>{t('appTitle')}</h1>
      </header>
      {session.status === 'loading' && <p class="muted">{t('loading')}</p>}
      {session.status === 'signed-out' && <AuthForm />}
      {session.status === 'signed-in' && <ProfileCard user={session.user} />}
    </main>
  );
}
