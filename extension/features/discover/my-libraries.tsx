import { useEffect, useState } from 'preact/hooks';
import {
  type AvailabilityResponse,
  type AvailabilityStatus,
  CATALOG_LIMITS,
  type CatalogBook,
  LIBRARY_REGIONS,
  type Library,
  type LibraryRegion,
} from '../../../shared/schemas/catalog';
import { type MessageKey, t, uiLocale } from '../../i18n';
import { Attribution } from './book-result';
import { type CatalogClient, isAbort } from './catalog-client';
import { catalogErrorText } from './catalog-errors';
import { MoreButton } from './catalog-search';
import type { HomeLibrary } from './home-libraries';
import { usePagedList } from './use-paged-list';

export const STATUS_KEYS: Record<AvailabilityStatus, MessageKey> = {
  available: 'libAvailable',
  'on-loan': 'libOnLoan',
  'not-held': 'libNotHeld',
  unknown: 'libUnknown',
};

const regionLabel = (region: LibraryRegion) =>
  uiLocale().startsWith('ko') ? LIBRARY_REGIONS[region].ko : LIBRARY_REGIONS[region].en;

/** Pick up to 3 home libraries, by region (data4library's list). */
export function LibraryPicker({
  client,
  initial,
  onSave,
  onCancel,
}: {
  client: CatalogClient;
  initial: HomeLibrary[];
  onSave(libraries: HomeLibrary[]): Promise<void>;
  onCancel?: () => void;
}) {
  const [region, setRegion] = useState<LibraryRegion | ''>(initial[0]?.region ?? '');
  const [chosen, setChosen] = useState<HomeLibrary[]>(initial);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const list = usePagedList<Library>(
    region === '' ? null : region,
    async (page, signal) => {
      const res = await client.libraries({ region: region as LibraryRegion, page }, { signal });
      return { items: res.libraries, page: res.page, hasMore: res.hasMore, sources: res.sources };
    },
    (l) => l.libCode,
  );
  const full = chosen.length >= CATALOG_LIMITS.homeLibraries;
  return (
    <div class="library-picker" data-testid="library-picker">
      <p class="muted small">{t('libPickHint', String(CATALOG_LIMITS.homeLibraries))}</p>
      <label>
        {t('libRegion')}
        <select
          name="libraryRegion"
          data-testid="library-region"
          value={region}
          onChange={(e) => setRegion(e.currentTarget.value as LibraryRegion | '')}
        >
          <option value="">{t('libRegionChoose')}</option>
          {(Object.keys(LIBRARY_REGIONS) as LibraryRegion[]).map((r) => (
            <option key={r} value={r}>
              {regionLabel(r)}
            </option>
          ))}
        </select>
      </label>
      {list.status === 'loading' && <p class="muted small">{t('loading')}</p>}
      {list.status === 'error' && (
        <p class="error" role="alert">
          {list.error}
        </p>
      )}
      {list.status === 'ready' && list.items.length === 0 && <p class="muted small">{t('libNoneInRegion')}</p>}
      {list.items.length > 0 && (
        <fieldset class="library-list">
          <legend class="small">{t('libChoose', [String(chosen.length), String(CATALOG_LIMITS.homeLibraries)])}</legend>
          {list.items.map((lib) => {
            const checked = chosen.some((c) => c.libCode === lib.libCode);
            return (
              <label key={lib.libCode} class="inline">
                <input
                  type="checkbox"
                  data-testid="library-option"
                  value={lib.libCode}
                  checked={checked}
                  disabled={!checked && full}
                  onChange={() =>
                    setChosen((c) =>
                      checked
                        ? c.filter((x) => x.libCode !== lib.libCode)
                        : [...c, { libCode: lib.libCode, name: lib.name, region: region as LibraryRegion }],
                    )
                  }
                />
                <span>
                  {lib.name}
                  {lib.address && <span class="muted small"> · {lib.address}</span>}
                </span>
              </label>
            );
          })}
        </fieldset>
      )}
      <MoreButton list={list} />
      <Attribution sources={list.sources} testId="library-sources" />
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <div class="row">
        <button
          type="button"
          class="primary"
          data-testid="library-save"
          disabled={saving || chosen.length === 0}
          onClick={async () => {
            setSaving(true);
            setError(null);
            try {
              await onSave(chosen);
            } catch {
              setError(t('libSaveFailed'));
            } finally {
              setSaving(false);
            }
          }}
        >
          {t('libSave')}
        </button>
        {onCancel && (
          <button type="button" class="link" onClick={onCancel}>
            {t('catalogCancel')}
          </button>
        )}
      </div>
    </div>
  );
}

type Availability =
  | { status: 'loading' }
  | { status: 'ready'; data: AvailabilityResponse }
  | { status: 'error'; message: string };

/** 대출가능 / 대출중 / 없음 for one book at each home library. */
export function AvailabilityList({
  client,
  book,
  libraries,
}: {
  client: CatalogClient;
  book: CatalogBook;
  libraries: HomeLibrary[];
}) {
  const [state, setState] = useState<Availability>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const libs = libraries.map((l) => l.libCode).join(',');
  useEffect(() => {
    const ctrl = new AbortController();
    setState({ status: 'loading' });
    client.availability({ isbn13: book.isbn13, libs: libs.split(',') }, { signal: ctrl.signal }).then(
      (data) => !ctrl.signal.aborted && setState({ status: 'ready', data }),
      (err) => !ctrl.signal.aborted && !isAbort(err) && setState({ status: 'error', message: catalogErrorText(err) }),
    );
    return () => ctrl.abort();
  }, [client, book.isbn13, libs, attempt]);
  if (state.status === 'loading') return <p class="muted small">{t('loading')}</p>;
  if (state.status === 'error')
    return (
      <p class="error" role="alert" data-testid="availability-error">
        {state.message}{' '}
        <button type="button" class="link" onClick={() => setAttempt((n) => n + 1)}>
          {t('catalogRetry')}
        </button>
      </p>
    );
  return (
    <>
      <ul class="availability" data-testid="availability">
        {libraries.map((lib) => {
          const status = state.data.libraries.find((l) => l.libCode === lib.libCode)?.status ?? 'unknown';
          return (
            <li key={lib.libCode} data-testid="availability-row" data-status={status}>
              <span>{lib.name}</span>
              <span class={`lib-status ${status}`}>{t(STATUS_KEYS[status])}</span>
            </li>
          );
        })}
      </ul>
      <Attribution sources={state.data.sources} testId="availability-sources" />
    </>
  );
}

/** "At my libraries" for a chosen book: pick the home libraries once, then see the book's status there. */
export function MyLibraries({
  client,
  book,
  libraries,
  onSave,
  onClose,
}: {
  client: CatalogClient;
  book: CatalogBook;
  libraries: HomeLibrary[] | null;
  onSave(libraries: HomeLibrary[]): Promise<void>;
  onClose(): void;
}) {
  const [editing, setEditing] = useState(false);
  return (
    <section class="card my-libraries" data-testid="my-libraries" aria-labelledby="my-libraries-title">
      <div class="row">
        <h3 id="my-libraries-title">{t('catalogAtMyLibrariesOf', book.title)}</h3>
        <button type="button" class="link" onClick={onClose}>
          {t('dismiss')}
        </button>
      </div>
      {libraries === null ? (
        <p class="muted small">{t('loading')}</p>
      ) : editing || libraries.length === 0 ? (
        <LibraryPicker
          client={client}
          initial={libraries}
          onSave={async (next) => {
            await onSave(next);
            setEditing(false);
          }}
          {...(libraries.length > 0 ? { onCancel: () => setEditing(false) } : {})}
        />
      ) : (
        <>
          <AvailabilityList client={client} book={book} libraries={libraries} />
          <button type="button" class="link small" data-testid="library-change" onClick={() => setEditing(true)}>
            {t('libChange')}
          </button>
        </>
      )}
    </section>
  );
}
