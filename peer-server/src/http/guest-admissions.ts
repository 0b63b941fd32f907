/**
 * How many guests (anonymous Firebase accounts) one address may bring in per hour. Anonymous accounts cost
 * nothing to make, so without this one machine could fill rooms (and the per-uid limits) with fresh uids.
 * A guest uid already admitted from the address goes on being admitted (a long call is never cut off); a new
 * uid past the limit is refused until the oldest admission in the window is an hour old.
 *
 * Behind an interface so a cluster can count across nodes (issue 14: a Redis-backed implementation); the
 * in-memory one below counts for one process.
 */
export type GuestAdmissionVerdict = { ok: true } | { ok: false; retryAfterSeconds: number };

export type GuestAdmissions = {
  /** Admit `uid` (an anonymous account) coming from `ip`: ok, or how long until a new guest may come. */
  admit(ip: string, uid: string): Promise<GuestAdmissionVerdict>;
  /** Addresses tracked (memory bound, tests). */
  size(): number;
};

export const GUEST_WINDOW_MS = 3600_000;

type Seen = { admittedAt: number; lastSeen: number };

export function createGuestAdmissions({
  perIpPerHour,
  now = Date.now,
  windowMs = GUEST_WINDOW_MS,
  maxIps = 100_000,
}: {
  perIpPerHour: number;
  now?: () => number;
  windowMs?: number;
  maxIps?: number;
}): GuestAdmissions {
  const byIp = new Map<string, Map<string, Seen>>();

  /** Forget guests not seen for a window; drop the address when none is left. */
  const prune = (ip: string, guests: Map<string, Seen>, t: number) => {
    for (const [uid, seen] of guests) if (t - seen.lastSeen >= windowMs) guests.delete(uid);
    if (guests.size === 0) byIp.delete(ip);
  };

  return {
    async admit(ip, uid) {
      const t = now();
      let guests = byIp.get(ip);
      if (guests) prune(ip, guests, t);
      guests = byIp.get(ip);
      const known = guests?.get(uid);
      if (known) {
        known.lastSeen = t;
        return { ok: true };
      }
      const recent = guests ? [...guests.values()].filter((s) => t - s.admittedAt < windowMs) : [];
      if (recent.length >= perIpPerHour) {
        const oldest = Math.min(...recent.map((s) => s.admittedAt));
        const wait = recent.length === 0 ? windowMs : oldest + windowMs - t;
        return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(wait / 1000)) };
      }
      if (!guests) {
        if (byIp.size >= maxIps) for (const [other, list] of byIp) prune(other, list, t);
        if (byIp.size >= maxIps) {
          // Still full of live addresses: refuse rather than grow without bound.
          return { ok: false, retryAfterSeconds: 60 };
        }
        guests = new Map();
        byIp.set(ip, guests);
      }
      guests.set(uid, { admittedAt: t, lastSeen: t });
      return { ok: true };
    },
    size: () => byIp.size,
  };
}
