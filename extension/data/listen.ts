import {
  type DocumentData,
  type DocumentReference,
  type DocumentSnapshot,
  type FirestoreError,
  getDocFromCache,
  onSnapshot,
  type Unsubscribe,
  waitForPendingWrites,
} from 'firebase/firestore';

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
