import { useState } from 'preact/hooks';
import { CLUB_LIMITS, type Club, type ClubVisibility } from '../../../shared/schemas/club';
import { ErrorNote } from '../../components/error-note';
import { clubsRepository } from '../../data/clubs-repository';
import { firebase } from '../../data/firebase-app';
import { t } from '../../i18n';
import { describeClubError } from './club-errors';

/** Name, description, public or private, approval (hosts and co-hosts). */
export function ClubSettings({ club, onDone }: { club: Club; onDone(): void }) {
  const [name, setName] = useState(club.name);
  const [description, setDescription] = useState(club.description);
  const [visibility, setVisibility] = useState<ClubVisibility>(club.visibility);
  const [requireApproval, setApproval] = useState(club.requireApproval);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function submit(event: Event) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await clubsRepository(firebase().db).updateSettings(club, { name, description, visibility, requireApproval });
      onDone();
    } catch (err) {
      setError(describeClubError(err));
    } finally {
      setBusy(false);
    }
  }
  return (
    <form class="club-form" onSubmit={submit} aria-labelledby="club-settings-title">
      <h4 id="club-settings-title">{t('clubEdit')}</h4>
      <label>
        {t('clubName')}
        <input
          name="clubName"
          required
          maxLength={CLUB_LIMITS.name}
          value={name}
          onInput={(e) => setName(e.currentTarget.value)}
        />
      </label>
      <label>
        {t('clubDescription')}
        <textarea
          name="clubDescription"
          rows={3}
          maxLength={CLUB_LIMITS.description}
          value={description}
          onInput={(e) => setDescription(e.currentTarget.value)}
        />
      </label>
      <fieldset class="club-visibility">
        <legend>{t('clubVisibility')}</legend>
        <label class="inline">
          <input
            type="radio"
            name="clubVisibilityEdit"
            checked={visibility === 'private'}
            onChange={() => setVisibility('private')}
          />
          {t('clubPrivate')}
        </label>
        <label class="inline">
          <input
            type="radio"
            name="clubVisibilityEdit"
            checked={visibility === 'public'}
            onChange={() => setVisibility('public')}
          />
          {t('clubPublic')}
        </label>
      </fieldset>
      <label class="inline">
        <input type="checkbox" checked={requireApproval} onChange={(e) => setApproval(e.currentTarget.checked)} />
        {t('clubApproval')}
      </label>
      <ErrorNote message={error} />
      <div class="row">
        <button type="submit" class="primary small" disabled={busy}>
          {t('clubSave')}
        </button>
        <button type="button" class="small" onClick={onDone}>
          {t('clubCancel')}
        </button>
      </div>
    </form>
  );
}
