import { useEffect, useState } from 'preact/hooks';
import type { Participant } from '../../../shared/schemas/marathon';
import { firebase } from '../../data/firebase-app';
import { marathonsRepository } from '../../data/marathons-repository';

/** The reader's own rows in the given marathons, live (one document each). */
export function useMyRows(uid: string, marathonIds: readonly string[]): ReadonlyMap<string, Participant | null> {
  const [rows, setRows] = useState<ReadonlyMap<string, Participant | null>>(new Map());
  const key = marathonIds.join(',');
  useEffect(() => {
    const repo = marathonsRepository(firebase().db);
    const stops = marathonIds.map((id) =>
      repo.watchParticipant(
        id,
        uid,
        (p) => setRows((prev) => new Map(prev).set(id, p)),
        () => setRows((prev) => new Map(prev).set(id, null)),
      ),
    );
    return () => {
      for (const stop of stops) stop();
    };
  }, [uid, key]);
  return rows;
}
