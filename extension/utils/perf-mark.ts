/**
 * A named moment on the page's performance timeline (`chaekbang:<name>`), for the benches' traces (bench:room,
 * bench:web-room read them with performance.getEntriesByType('mark')). Costs a few microseconds; never throws.
 */
export function mark(name: string): void {
  try {
    performance.mark(`chaekbang:${name}`);
  } catch {
    // No User Timing here (an old engine, a worker without it): nothing to record.
  }
}
