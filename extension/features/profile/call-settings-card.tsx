import { useState } from 'preact/hooks';
import { ErrorNote } from '../../components/error-note';
import { t } from '../../i18n';
import { useCallSettings } from '../room/call-settings';

/** Call settings on the profile: "Always relay (strict networks)". Applies from the next call joined. */
export function CallSettingsCard() {
  const [settings, save] = useCallSettings();
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  return (
    <section class="card call-settings" data-testid="call-settings" aria-labelledby="call-settings-title">
      <h2 id="call-settings-title">{t('callSettingsTitle')}</h2>
      <label class="inline">
        <input
          type="checkbox"
          data-testid="always-relay"
          aria-describedby="always-relay-help"
          checked={settings?.alwaysRelay ?? false}
          disabled={settings === null}
          onChange={(e) => {
            const alwaysRelay = e.currentTarget.checked;
            setError(null);
            setSaved(false);
            save({ alwaysRelay }).then(
              () => setSaved(true),
              () => setError(t('callSettingsSaveFailed')),
            );
          }}
        />
        {t('callSettingsAlwaysRelay')}
      </label>
      <p id="always-relay-help" class="muted small">
        {t('callSettingsAlwaysRelayHelp')}
      </p>
      {saved && (
        <p class="muted small" role="status" data-testid="call-settings-saved">
          {t('callSettingsSaved')}
        </p>
      )}
      <ErrorNote message={error} />
    </section>
  );
}
