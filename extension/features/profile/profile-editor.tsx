import type { Firestore } from 'firebase/firestore';
import { useState } from 'preact/hooks';
import { categoryLabel, INTEREST_IDS } from '../../../shared/categories';
import { DisplayNameSchema, PROFILE_LIMITS, type UserProfile, VISIBILITIES } from '../../../shared/schemas/user-profile';
import { CharCounter } from '../../components/char-counter';
import { ErrorNote } from '../../components/error-note';
import { updateProfile } from '../../data/account-data';
import { t, uiLocale } from '../../i18n';
import { describeError } from '../account/describe-error';

type Visibility = (typeof VISIBILITIES)[number];

/** Edit name, photo (https only), bio, interests (chips) and visibility. */
export function ProfileEditor({
  db,
  uid,
  profile,
  onDone,
  onError,
}: {
  db: Firestore;
  uid: string;
  profile: UserProfile;
  onDone: (saved: boolean) => void;
  /** A write refused later (e.g. when it reaches the server after being queued offline). */
  onError: (message: string) => void;
}) {
  const [displayName, setDisplayName] = useState(profile.displayName);
  const [photoUrl, setPhotoUrl] = useState(profile.photoUrl ?? '');
  const [bio, setBio] = useState(profile.bio ?? '');
  const [interests, setInterests] = useState<string[]>(profile.interests ?? []);
  const [visibility, setVisibility] = useState<Visibility>(profile.visibility ?? 'public');
  const [showReading, setShowReading] = useState(profile.showReading === true);
  const [error, setError] = useState<string | null>(null);
  const locale = uiLocale();

  function toggle(id: string) {
    setInterests((list) => (list.includes(id) ? list.filter((x) => x !== id) : [...list, id]));
  }

  function save(event: Event) {
    event.preventDefault();
    setError(null);
    const name = displayName.trim();
    if (name.length < 1 || name.length > PROFILE_LIMITS.displayName) return setError(t('errDisplayNameRequired'));
    if (!DisplayNameSchema.safeParse(name).success) return setError(t('errDisplayNamePlain'));
    const photo = photoUrl.trim();
    if (photo && (!/^https:\/\/\S+$/.test(photo) || photo.length > PROFILE_LIMITS.photoUrl)) return setError(t('errPhotoUrl'));
    if (bio.length > PROFILE_LIMITS.bio) return setError(t('errBioTooLong'));
    // Queued offline like every write; the profile listener shows the change at once.
    updateProfile(db, uid, {
      displayName: name,
      photoUrl: photo || null,
      bio: bio.trim(),
      interests: INTEREST_IDS.filter((id) => interests.includes(id)),
      visibility,
      showReading,
    }).catch((err: unknown) => onError(describeError(err)));
    onDone(true);
  }

  return (
    <form class="profile-editor" onSubmit={save} data-testid="profile-editor" noValidate>
      <label>
        {t('displayName')}
        <input
          name="displayName"
          value={displayName}
          aria-describedby="profile-name-count"
          aria-invalid={displayName.length > PROFILE_LIMITS.displayName}
          onInput={(e) => setDisplayName(e.currentTarget.value)}
        />
        <CharCounter id="profile-name-count" value={displayName} max={PROFILE_LIMITS.displayName} />
      </label>
      <label>
        {t('profilePhotoUrl')}
        <input
          name="photoUrl"
          type="url"
          value={photoUrl}
          aria-describedby="profile-photo-hint profile-photo-count"
          aria-invalid={photoUrl.length > PROFILE_LIMITS.photoUrl}
          data-testid="profile-photo-input"
          onInput={(e) => setPhotoUrl(e.currentTarget.value)}
        />
        <span class="muted hint" id="profile-photo-hint">
          {t('profilePhotoHint')}
        </span>
        <CharCounter id="profile-photo-count" value={photoUrl} max={PROFILE_LIMITS.photoUrl} />
      </label>
      <label>
        {t('profileBio')}
        <textarea
          name="bio"
          rows={3}
          value={bio}
          aria-describedby="profile-bio-count"
          aria-invalid={bio.length > PROFILE_LIMITS.bio}
          data-testid="profile-bio-input"
          onInput={(e) => setBio(e.currentTarget.value)}
        />
        <small>{t('profileBioHint')}</small>
        <CharCounter id="profile-bio-count" value={bio} max={PROFILE_LIMITS.bio} />
      </label>
      <fieldset class="profile-interests">
        <legend>{t('profileInterests')}</legend>
        <ul class="chips">
          {INTEREST_IDS.map((id) => (
            <li key={id}>
              <button
                type="button"
                class="chip"
                aria-pressed={interests.includes(id)}
                data-interest={id}
                onClick={() => toggle(id)}
              >
                {categoryLabel(id, locale)}
              </button>
            </li>
          ))}
        </ul>
      </fieldset>
      <fieldset>
        <legend>{t('profileVisibility')}</legend>
        {VISIBILITIES.map((v) => (
          <label key={v} class="radio">
            <input
              type="radio"
              name="visibility"
              value={v}
              checked={visibility === v}
              data-testid={`visibility-${v}`}
              onChange={() => setVisibility(v)}
            />
            {t(v === 'public' ? 'visibilityPublic' : 'visibilityMembers')}
          </label>
        ))}
      </fieldset>
      <label class="radio">
        <input
          type="checkbox"
          name="showReading"
          checked={showReading}
          data-testid="profile-show-reading"
          onChange={(e) => setShowReading(e.currentTarget.checked)}
        />
        {t('profileShowReading')}
      </label>
      <ErrorNote message={error} />
      <div class="shelf-actions">
        <button type="submit" class="primary" data-testid="profile-save">
          {t('profileSave')}
        </button>
        <button type="button" data-testid="profile-cancel" onClick={() => onDone(false)}>
          {t('profileCancel')}
        </button>
      </div>
    </form>
  );
}
