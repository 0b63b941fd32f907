import { useEffect, useState } from 'preact/hooks';
import { firebase } from '../../data/firebase-app';
import { type StripState, watchStrip } from './strip-data';

const EMPTY: StripState = { top: [], me: null, rank: null, loaded: false };

/** The live leaderboard of a marathon for this reader (strip-data.ts: bounded reads). */
export function useStrip(marathonId: string | null, uid: string): { state: StripState; error: boolean } {
  const [state, setState] = useState<StripState>(EMPTY);
  const [error, setError] = useState(false);
  useEffect(() => {
    setState(EMPTY);
    setError(false);
    if (!marathonId) return;
    return watchStrip(firebase().db, marathonId, uid, setState, () => setError(true));
  }, [marathonId, uid]);
  return { state, error };
}
