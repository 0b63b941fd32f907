import { useEffect, useReducer, useRef, useState } from 'preact/hooks';
import { ErrorNote } from '../../extension/components/error-note';
import { t } from '../../extension/i18n';
import { mark } from '../../extension/utils/perf-mark';
import { plainDisplayName } from '../../shared/plain-text';
import type { RoomStatus } from '../../shared/schemas/rooms-api';
import { buildConfig } from './build-config';
import { type EarlyJoin, sendEarlyJoin } from './early-join';
import { GuestAuthError, type GuestSession, type GuestUser, savedGuest, signUpGuest } from './guest-session';
import { Lobby } from './lobby';
import {
  GUEST_NAME_KEY,
  initialState,
  signInOnIntent,
  type WebRoomError,
  type WebRoomEvent,
  webRoomReducer,
} from './web-room-state';

/** The call's code (CallView, the room store and engine): its own chunk, fetched while the guest types a name. */
let stage: Promise<typeof import('./call-stage')> | null = null;
export function loadCallStage() {
  stage ??= import('./call-stage').catch((err: unknown) => {
    stage = null;
    throw err;
  });
  return stage;
}
/** The Firebase Auth SDK (guest-auth.ts): loaded once the call is up, for the guest's name and "create an account". */
let auth: Promise<typeof import('./guest-auth')> | null = null;
function loadAuth() {
  auth ??= import('./guest-auth').catch((err: unknown) => {
    auth = null;
    throw err;
  });
  return auth;
}

export function errorText(error: WebRoomError | null): string | null {
  if (!error) return null;
  return 'key' in error ? t(error.key) : error.text;
}

const pretty = (code: string) => `${code.slice(0, 3)}-${code.slice(3)}`;

/** The SDK takes over the guest's session (idempotent): its user, or null if the account is gone. */
let adopted: Promise<Awaited<ReturnType<typeof import('./guest-auth').adoptGuest>>> | null = null;
function adoptIntoSdk(guest: GuestSession) {
  adopted ??= loadAuth()
    .then((a) => a.adoptGuest(guest))
    .catch((err: unknown) => {
      adopted = null;
      throw err;
    });
  return adopted;
}

/**
 * Once the call has settled (its first frames in, a few seconds after Join) and the page is idle: when the SDK is
 * loaded (~100 KB gzipped, never on a guest's way to the call). "Create an account" loads it at once if asked first.
 */
function afterCallSettles(run: () => void, settleMs = 4000): void {
  setTimeout(() => {
    if (typeof requestIdleCallback === 'function') requestIdleCallback(run, { timeout: 2000 });
    else run();
  }, settleMs);
}

function readName(): string {
  try {
    return localStorage.getItem(GUEST_NAME_KEY) ?? '';
  } catch {
    return '';
  }
}

/** What the page was handed by main.tsx, started before the first paint. */
export type EarlyWork = {
  /** The camera and microphone, asked for as the page loads (the lobby's first preview). */
  media: Promise<MediaStream | null> | null;
  /** The token-free room look-up (GET /api/rooms/<CODE>/status), its raw JSON (null if it failed). */
  status: Promise<unknown> | null;
};

/** The web room at /r/<CODE>: the same room components and engine as the side panel, for guests. */
export function WebRoomApp({
  pathname,
  extensionInstalled,
  early = { media: null, status: null },
}: {
  pathname: string;
  extensionInstalled: boolean;
  early?: EarlyWork;
}) {
  const [state, dispatch] = useReducer(webRoomReducer, initialState(pathname, extensionInstalled));
  const [name, setName] = useState(readName);
  const [passcode, setPasscode] = useState('');
  const [user, setUser] = useState<GuestUser | null>(null);
  // The guest's sign-in, started once they show they mean to join (typing a name), awaited by Join.
  const signIn = useRef<Promise<GuestSession> | null>(null);
  const room = useRef<RoomStatus | 'unknown'>('unknown');
  if (state.step === 'lobby') room.current = state.room;
  // The first preview, handed to the first lobby only (a lobby after "join again" asks afresh).
  const earlyMedia = useRef(early.media);
  const takeEarlyMedia = () => {
    const m = earlyMedia.current;
    earlyMedia.current = null;
    return m;
  };
  const [lobbyMedia, setLobbyMedia] = useState<Promise<MediaStream | null> | null>(() =>
    state.step === 'lobby' ? takeEarlyMedia() : null,
  );
  // The early camera request of a page that never shows the lobby (the extension's choice): stopped.
  useEffect(
    () => () => {
      earlyMedia.current?.then((s) => {
        for (const tr of s?.getTracks() ?? []) tr.stop();
      });
    },
    [],
  );

  const code = state.step === 'invalid-code' ? '' : state.code;
  const startSignIn = () => {
    if (signIn.current) return signIn.current;
    // The guest's session without the Firebase Auth SDK (guest-session.ts, a few KB in the app's chunk): the sign-up
    // leaves at once, while the call's chunk is still being evaluated.
    const saved = savedGuest();
    signIn.current = (saved ? Promise.resolve(saved) : signUpGuest())
      .then((u) => {
        // The signalling socket opens while the guest finishes typing.
        loadCallStage()
          .then((m) => m.prewarm(u, code))
          .catch(() => {});
        return u;
      })
      .catch((err: unknown) => {
        signIn.current = null;
        throw err;
      });
    signIn.current.catch(() => {});
    return signIn.current;
  };

  // The room look-up started before the first paint: what it says shows before Join (parsed with the API's schema).
  useEffect(() => {
    if (!early.status) return;
    let live = true;
    Promise.all([early.status, import('../../shared/schemas/rooms-api')])
      .then(([json, { RoomStatusResponseSchema }]) => {
        const parsed = RoomStatusResponseSchema.safeParse(json);
        if (live && parsed.success) dispatch({ type: 'room-status', ...parsed.data });
      })
      .catch(() => {});
    return () => {
      live = false;
    };
  }, []);

  // Fetch the call's code while the guest reads and types (after the first paint; the build names the call's chunks
  // in the HTML as modulepreload, so they are mostly here already). A browser that already has an account (a guest
  // coming back) is signed in with it at once, from storage: no new account, no request.
  useEffect(() => {
    if (state.step === 'invalid-code' || state.step === 'extension') return;
    const id = setTimeout(() => {
      // startSignIn takes the saved session (no sign-up) and opens the signalling socket with it.
      if (savedGuest()) startSignIn().catch(() => {});
      loadCallStage().catch(() => {});
    }, 0);
    return () => clearTimeout(id);
  }, [state.step === 'invalid-code' || state.step === 'extension']);

  useEffect(() => {
    document.title = state.step === 'invalid-code' ? t('webTitle') : `${t('webTitle')} · ${pretty(state.code)}`;
  }, [state]);

  // A lobby shown again (the extension's "join here", "join again"): its preview from the early request or afresh.
  const lobbyShown = state.step === 'lobby';
  useEffect(() => {
    if (lobbyShown && lobbyMedia === null) setLobbyMedia(takeEarlyMedia());
    if (!lobbyShown) setLobbyMedia(null);
  }, [lobbyShown]);

  if (state.step === 'invalid-code') {
    return (
      <main class="web-room app">
        <Header />
        <section class="card" data-testid="web-invalid-code">
          <ErrorNote message={t('webInvalidCode')} />
        </section>
      </main>
    );
  }

  function typed(value: string) {
    setName(value);
    if (value.trim() !== '' && signInOnIntent(room.current)) startSignIn();
  }

  async function join(stream: MediaStream) {
    if (state.step !== 'lobby') return;
    mark('join-pressed');
    // The room's own rule for names (DisplayNameSchema's, without zod: shared/plain-text.ts).
    const displayName = plainDisplayName(name);
    if (!displayName) return dispatch({ type: 'name-invalid' });
    dispatch({ type: 'joining' });
    const roomPasscode = state.askPasscode ? passcode : null;
    const callStage = loadCallStage();
    callStage.catch(() => {});
    let signedIn: GuestSession;
    let m: typeof import('./call-stage');
    let early: EarlyJoin | null = null;
    try {
      signedIn = await startSignIn();
      let token: unknown = await signedIn.getIdToken().catch((err: unknown) => err);
      if (token instanceof GuestAuthError && savedGuest()?.uid !== signedIn.uid) {
        // This browser's saved account is gone (deleted, disabled; its session forgotten): a new guest account, as
        // on a first visit, rather than an error on every Join until a reload.
        signIn.current = null;
        signedIn = await startSignIn();
        token = await signedIn.getIdToken().catch(() => null);
      }
      // The join leaves now, while the call's code is still loading; the engine takes its answer (early-join.ts).
      early =
        typeof token === 'string'
          ? sendEarlyJoin(buildConfig().peerServerUrl, state.code, token, {
              displayName,
              level: null,
              passcode: roomPasscode ?? undefined,
            })
          : null;
      m = await callStage;
      mark('join-ready');
    } catch {
      return dispatch({ type: 'join-failed', error: { key: 'errGuestSignIn' } });
    }
    try {
      localStorage.setItem(GUEST_NAME_KEY, displayName);
    } catch {}
    setUser(signedIn);
    // The call gets a copy of the preview: a refused join stops the copy's tracks, the preview stays live.
    const media = stream.clone();
    const outcome = await m.joinCall(signedIn, displayName, media, state.code, roomPasscode, early);
    if (outcome.ok) {
      for (const tr of stream.getTracks()) tr.stop();
      dispatch({ type: 'joined' });
      // The name on the account too (what linking keeps), by the SDK, once the first frames are in.
      afterCallSettles(() => {
        Promise.all([adoptIntoSdk(signedIn), loadAuth()])
          .then(([sdkUser, a]) => sdkUser && a.nameGuest(sdkUser, displayName))
          .catch(() => {});
      });
    } else {
      dispatch({ type: 'join-failed', error: { text: outcome.text }, passcode: outcome.passcode });
    }
  }

  return (
    <main class="web-room app" data-step={state.step}>
      <Header />
      {state.step === 'extension' && (
        <section class="card" data-testid="web-extension-choice">
          <h2>{t('webTitle')}</h2>
          <p>{t('webExtensionInstalled')}</p>
          <div id="chaekbang-extension-slot" data-testid="extension-slot" />
          <button type="button" data-testid="web-join-here" onClick={() => dispatch({ type: 'join-here' })}>
            {t('webJoinHere')}
          </button>
        </section>
      )}
      {state.step === 'lobby' && (
        <Lobby
          state={state}
          name={name}
          passcode={passcode}
          error={errorText(state.error)}
          earlyStream={lobbyMedia}
          onName={typed}
          onPasscode={setPasscode}
          onJoin={(s) => void join(s)}
        />
      )}
      {state.step === 'call' && <CallStage name={name.trim()} dispatch={dispatch} />}
      {state.step === 'left' && (
        <section class="card" data-testid="web-left">
          <p>{t('webLeft')}</p>
          <button type="button" class="primary" onClick={() => dispatch({ type: 'join-again' })}>
            {t('webJoinAgain')}
          </button>
        </section>
      )}
      {user && (state.step === 'call' || state.step === 'left') && (
        <AccountOffer user={user} name={name.trim()} session={signIn.current} onLinked={setUser} />
      )}
    </main>
  );
}

function Header() {
  return (
    <header class="app-header">
      <h1>{t('extName')}</h1>
    </header>
  );
}

/** The call, from its lazily loaded chunk (loaded by Join already). */
function CallStage(props: { name: string; dispatch(e: WebRoomEvent): void }) {
  const [mod, setMod] = useState<typeof import('./call-stage') | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    loadCallStage().then(setMod, () => setFailed(true));
  }, []);
  if (failed) return <ErrorNote message={t('errServerUnreachable')} />;
  if (!mod) return null;
  return <mod.WebCall {...props} />;
}

function AccountOffer({
  user,
  name,
  session,
  onLinked,
}: {
  user: GuestUser;
  name: string;
  /** The signed-in guest, which the SDK takes over to link. */
  session: Promise<GuestSession> | null;
  onLinked(user: GuestUser): void;
}) {
  const [open, setOpen] = useState(false);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(user.isAnonymous ? null : (user.email ?? ''));
  if (done !== null) {
    return (
      <section class="card" data-testid="web-account-done" role="status">
        <p>{t('webAccountDone', [done, user.displayName || name])}</p>
      </section>
    );
  }
  return (
    <section class="card web-account" data-testid="web-account">
      <h2>{t('webAccountTitle')}</h2>
      <p class="muted">{t('webAccountHint')}</p>
      {!open ? (
        <button type="button" data-testid="web-account-open" onClick={() => setOpen(true)}>
          {t('webAccountOpen')}
        </button>
      ) : (
        <form
          onSubmit={async (e) => {
            e.preventDefault();
            setBusy(true);
            setError(null);
            try {
              const { linkGuestAccount } = await loadAuth();
              const guest = session && (await adoptIntoSdk(await session));
              if (!guest) throw new Error('the guest session was not found');
              const linked = await linkGuestAccount(guest, email.trim(), password, name);
              setDone(linked.email ?? email.trim());
              onLinked(linked);
            } catch (err) {
              const { linkErrorKind } = await loadAuth();
              const kind = linkErrorKind(err);
              setError(
                t(
                  kind === 'exists'
                    ? 'webAccountExists'
                    : kind === 'weak-password'
                      ? 'errWeakPassword'
                      : kind === 'invalid-email'
                        ? 'errInvalidEmail'
                        : 'webAccountFailed',
                ),
              );
            } finally {
              setBusy(false);
            }
          }}
        >
          <label>
            {t('webAccountEmail')}
            <input
              name="email"
              type="email"
              autoComplete="email"
              value={email}
              required
              onInput={(e) => setEmail(e.currentTarget.value)}
            />
          </label>
          <label>
            {t('webAccountPassword')}
            <input
              name="password"
              type="password"
              autoComplete="new-password"
              minLength={8}
              value={password}
              required
              onInput={(e) => setPassword(e.currentTarget.value)}
            />
          </label>
          <ErrorNote message={error} />
          <button type="submit" class="primary" data-testid="web-account-create" disabled={busy}>
            {t('webAccountCreate')}
          </button>
        </form>
      )}
    </section>
  );
}
