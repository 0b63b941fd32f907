// @vitest-environment happy-dom
import { cleanup, render } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { UserProfile } from '../../../shared/schemas/user-profile';

vi.mock('../../i18n', () => ({ t: (key: string) => key, uiLocale: () => 'en' }));
vi.mock('../../data/firebase-app', () => ({ firebase: () => ({ db: {}, auth: {} }) }));
vi.mock('../../data/config', () => ({ config: {} }));
const { ProfileHeader } = await import('./profile-view');

afterEach(cleanup);

const profile = (photoUrl: string): UserProfile => ({ displayName: 'Bo', photoUrl }) as UserProfile;

describe('ProfileHeader photo', () => {
  it("never loads another reader's photo from an arbitrary host (it would learn the viewer's IP)", () => {
    const { container } = render(<ProfileHeader profile={profile('https://tracker.example/pixel.gif?viewer=1')} />);
    expect(container.querySelector('img')).toBeNull();
    expect(container.textContent).toContain('Bo');
  });

  it("loads another reader's Google account photo, and the reader's own photo from any https host", () => {
    const google = render(<ProfileHeader profile={profile('https://lh3.googleusercontent.com/a/x=s96-c')} />);
    expect(google.container.querySelector('img')?.getAttribute('src')).toBe('https://lh3.googleusercontent.com/a/x=s96-c');
    cleanup();
    const own = render(<ProfileHeader profile={profile('https://photos.example/me.png')} own />);
    expect(own.container.querySelector('img')?.getAttribute('src')).toBe('https://photos.example/me.png');
  });
});
