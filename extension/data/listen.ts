import {
  type DocumentData,
  type DocumentReference,
  type DocumentSnapshot,
  type FirestoreError,
  onSnapshot as firestoreOnSnapshot,
  getDocFromCache,
  type Query,
  type QuerySnapshot,
  type Unsubscribe,
  waitForPendingWrites,
} from 'firebase/firestore';

// Every listener of the extension goes through onSnapshot below (the repositories import it from here).
//
// A listener that reaches the server while this client's own write to what it watches is still on its way
// can be left with a wrong picture for good: the Firestore emulator answered such a listener "the document
// does not exist" once the write was acknowledged, or never sent it the rows written after (a marathon's
// creator, whose view opens while the creating batch is in flight, never saw a friend join the
// leaderboard: 4 runs in 4), and the persistent cache's resume token keeps that answer across reloads. So a
// listener first follows the local cache only (source 'cache': the reader's own writes show at once), and
// attaches to the server once the writes this client had pending are acknowledged: at once when there are
// none, and after ATTACH_WAIT_MS at most (offline, or a write that cannot go through, must not keep every
// new view off the server; such a listener is no worse off than before).
//
// Until then an empty result from the cache (a document not cached, a query with nothing cached) is held
// back for EMPTY_CACHE_MS: online, the server usually answers first, and views must not flash "missing" or
// "no clubs yet" (some of them act on a missing document). Offline, it is shown after that moment.

const ATTACH_WAIT_MS = 10_000;
const EMPTY_CACHE_MS = 1_000;

type ListenOptions = { includeMetadataChanges?: boolean };
type AnySnapshot = DocumentSnapshot<unknown, DocumentData> | QuerySnapshot<unknown, DocumentData>;

const hasContent = (snap: AnySnapshot) => ('docs' in snap ? !snap.empty : snap.exists());

function afterOwnWrites(
  target: DocumentReference<unknown, DocumentData> | Query<unknown, DocumentData>,
  options: ListenOptions,
  next: (snap: AnySnapshot) => void,
  error?: (err: FirestoreError) => void,
): Unsubscribe {
  const subscribe = (
    opts: ListenOptions & { source?: 'default' | 'cache' },
    onNext: (snap: AnySnapshot) => void,
    onError: (err: FirestoreError) => void,
  ) =>
    'type' in target && target.type === 'document'
      ? firestoreOnSnapshot(target as DocumentReference<unknown, DocumentData>, opts, onNext, onError)
      : firestoreOnSnapshot(target as Query<unknown, DocumentData>, opts, onNext, onError);
  let stopped = false;
  let heldBack: ReturnType<typeof setTimeout> | undefined;
  let server: Unsubscribe | null = null;
  let cache: Unsubscribe | null = subscribe(
    { ...options, source: 'cache' },
    (snap) => {
      if (stopped) return;
      clearTimeout(heldBack);
      if (hasContent(snap) || snap.metadata.hasPendingWrites) next(snap);
      else
        heldBack = setTimeout(() => {
          if (!stopped) next(snap);
        }, EMPTY_CACHE_MS);
    },
    () => {},
  );
  let waited: ReturnType<typeof setTimeout> | undefined;
  Promise.race([
    waitForPendingWrites(target.firestore).catch(() => {}), // the reader changed: attach anyway
    new Promise<void>((resolve) => {
      waited = setTimeout(resolve, ATTACH_WAIT_MS);
    }),
  ]).then(() => {
    clearTimeout(waited);
    if (stopped) return;
    // The cache listener goes before the server one comes: a cache listener shares the query's view, so once
    // the server listener has synced it, it would deliver the same server documents a second time (the
    // marathon strip's reads doubled, bench:marathon). The view keeps what it last showed meanwhile.
    cache?.();
    cache = null;
    server = subscribe(
      options,
      (snap) => {
        if (stopped) return;
        clearTimeout(heldBack); // the server has answered: a held-back empty cache result is stale
        next(snap);
      },
      (err) => {
        if (!stopped) error?.(err);
      },
    );
  });
  return () => {
    stopped = true;
    clearTimeout(heldBack);
    clearTimeout(waited);
    cache?.();
    server?.();
  };
}

/** Firestore's onSnapshot, attached to the server only once this client's pending writes are acknowledged. */
export function onSnapshot<A, D extends DocumentData>(
  ref: DocumentReference<A, D>,
  next: (snap: DocumentSnapshot<A, D>) => void,
  error?: (err: FirestoreError) => void,
): Unsubscribe;
export function onSnapshot<A, D extends DocumentData>(
  ref: DocumentReference<A, D>,
  options: ListenOptions,
  next: (snap: DocumentSnapshot<A, D>) => void,
  error?: (err: FirestoreError) => void,
): Unsubscribe;
export function onSnapshot<A, D extends DocumentData>(
  query: Query<A, D>,
  next: (snap: QuerySnapshot<A, D>) => void,
  error?: (err: FirestoreError) => void,
): Unsubscribe;
export function onSnapshot<A, D extends DocumentData>(
  query: Query<A, D>,
  options: ListenOptions,
  next: (snap: QuerySnapshot<A, D>) => void,
  error?: (err: FirestoreError) => void,
): Unsubscribe;
export function onSnapshot(
  target: DocumentReference<unknown, DocumentData> | Query<unknown, DocumentData>,
  ...args: unknown[]
): Unsubscribe {
  const options = (typeof args[0] === 'function' ? {} : args.shift()) as ListenOptions;
  const [next, error] = args as [(snap: AnySnapshot) => void, ((err: FirestoreError) => void) | undefined];
  return afterOwnWrites(target, options, next, error);
}

// A listen and this client's own writes travel to the server on different streams. A listen on a document
// this client has just written can reach the server before the write: the server then checks
// the read rule against what it has (nothing yet), and a rule that looks at the document's own fields refuses
// (permission-denied). The SDK ends the listener with that error although its own write lands a moment
// later: a reader who creates a marathon and opens it at once saw "this marathon is gone" now and then.
//
// listenDoc listens again once this client's pending writes are acknowledged, but only when such a write
// was behind the refusal (the listener showed one, or the cache still holds one); any other refusal is final
// at once, as before.

const MAX_RELISTENS = 2;

function isDenied(err: FirestoreError): boolean {
  return err.code === 'permission-denied';
}

/** Whether the cache holds a write of this client, not yet acknowledged, that the refused listen covers. */
async function ownWritePending(target: DocumentReference): Promise<boolean> {
  try {
    return (await getDocFromCache(target)).metadata.hasPendingWrites;
  } catch {
    return false; // not in the cache at all
  }
}

function relisten<S>(
  target: DocumentReference,
  pendingIn: (snap: S) => boolean,
  subscribe: (next: (snap: S) => void, error: (err: FirestoreError) => void) => Unsubscribe,
  onNext: (snap: S) => void,
  onError: (err: FirestoreError) => void,
): Unsubscribe {
  let stopped = false;
  let relistens = 0;
  // Whether this listener ever showed a write of this client not yet acknowledged: the write may be
  // acknowledged before the refusal reaches us, so the cache alone can no longer tell then.
  let sawOwnWrite = false;
  let current: Unsubscribe = () => {};
  const start = () => {
    current = subscribe(
      (snap) => {
        if (pendingIn(snap)) sawOwnWrite = true;
        if (!stopped) onNext(snap);
      },
      (err) => {
        if (stopped) return;
        if (!isDenied(err) || relistens >= MAX_RELISTENS) return onError(err);
        relistens++;
        (sawOwnWrite ? Promise.resolve(true) : ownWritePending(target))
          .then(async (pending) => {
            if (!pending) throw err;
            await waitForPendingWrites(target.firestore);
          })
          .then(
            () => {
              if (!stopped) start();
            },
            () => {
              if (!stopped) onError(err);
            },
          );
      },
    );
  };
  start();
  return () => {
    stopped = true;
    current();
  };
}

/** `onSnapshot` on a document, listening again when a refusal came from racing this client's own write. */
export function listenDoc<T = DocumentData>(
  ref: DocumentReference<T>,
  onNext: (snap: DocumentSnapshot<T>) => void,
  onError: (err: FirestoreError) => void,
  options: { includeMetadataChanges?: boolean } = {},
): Unsubscribe {
  return relisten<DocumentSnapshot<T>>(
    ref as DocumentReference,
    (snap) => snap.metadata.hasPendingWrites,
    (next, error) => onSnapshot(ref, options, next, error),
    onNext,
    onError,
  );
}
