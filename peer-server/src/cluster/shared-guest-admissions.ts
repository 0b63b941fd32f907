import { createGuestAdmissions, GUEST_WINDOW_MS, type GuestAdmissions } from '../http/guest-admissions';
import type { SharedCounter } from './shared-counter';

/**
 * GUEST_ADMISSIONS_PER_IP_HOUR across the nodes of a cluster. Behind HAProxy a guest's requests go to the node of
 * the room they join, so one address bringing guests into rooms on three nodes would get three times the limit
 * from per-node counting. Here each node keeps its exact sliding window (createGuestAdmissions) and, on top, a new
 * guest uid from the address counts once per node in the shared counter for the calendar hour: past the limit
 * there, new guests wait for the next hour. A guest already admitted on this node carries on (a call is never cut).
 */
export function sharedGuestAdmissions({
  counter,
  perIpPerHour,
  now = Date.now,
}: {
  counter: SharedCounter;
  perIpPerHour: number;
  now?: () => number;
}): GuestAdmissions {
  const local = createGuestAdmissions({ perIpPerHour, now });
  /** `${ip} ${uid}` → when this node last saw the guest (forgotten after a window). */
  const seen = new Map<string, number>();
  let checks = 0;
  return {
    async admit(ip, uid) {
      const t = now();
      if (++checks % 1024 === 0) for (const [k, at] of seen) if (t - at >= GUEST_WINDOW_MS) seen.delete(k);
      const key = `${ip} ${uid}`;
      const last = seen.get(key);
      if (last !== undefined && t - last < GUEST_WINDOW_MS) {
        seen.set(key, t);
        return local.admit(ip, uid);
      }
      const hour = Math.floor(t / GUEST_WINDOW_MS);
      const shared = `guest:${ip}:${hour}`;
      if (counter.get(shared) >= perIpPerHour) {
        return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(((hour + 1) * GUEST_WINDOW_MS - t) / 1000)) };
      }
      const verdict = await local.admit(ip, uid);
      if (verdict.ok) {
        counter.add(shared, 1, 2 * GUEST_WINDOW_MS);
        seen.set(key, t);
      }
      return verdict;
    },
    size: () => local.size(),
  };
}
