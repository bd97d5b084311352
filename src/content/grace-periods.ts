/**
 * Grace periods: an embed that may still render (widgets.js has not got to
 * it yet) is pending until the page has loaded and GRACE_PERIOD_MS have
 * passed since it was first seen, then looked at again and called broken if
 * it still is (docs/embed-forms.md#grace-period). Ends that fall close
 * together are settled together, on one timer.
 */
import type { Clock } from './clock';
import type { Tracked } from './tracked-embeds';

export const GRACE_PERIOD_MS = 2500;
/**
 * Lookups, and the ends of grace periods, at most this often: an infinite
 * feed brings a broken embed with every batch, and a message to the background
 * per batch was a sixth of the content script's time there (docs/performance.md,
 * "Mutations"). A lone broken embed is still looked up at once.
 */
export const COALESCE_MS = 250;

export interface GracePeriodsOptions {
  clock: Clock;
  /** How long an embed that may still render gets after the page has loaded. */
  grace: number;
  /** The page has loaded already: grace periods count from now. */
  loaded: boolean;
  /** A grace period ended while the site is switched on: settle() wants calling. */
  onDue: () => void;
}

export interface GracePeriods {
  /** The page's load event: grace periods count from the first one (later calls change nothing). */
  markLoaded(): void;
  /** Whether an embed first seen at `firstSeen` has had its grace period. */
  isOver(firstSeen: number, now?: number): boolean;
  /**
   * Pending embeds whose grace period is over are looked at again (their
   * surroundings, so a merged block is judged whole): widgets.js may have
   * rendered them or marked them as failed meanwhile; if not, they are broken.
   * While `wake` (the site is switched on), a timer calls onDue at the next
   * deadline; while it is off, the report settles them when asked.
   */
  settle(tracked: ReadonlySet<Tracked>, lookAgain: (roots: ReadonlySet<Element>) => void, wake: boolean): void;
  stop(): void;
}

export function createGracePeriods(options: GracePeriodsOptions): GracePeriods {
  const { clock, grace, onDue } = options;
  let loadedAt: number | null = options.loaded ? clock.now() : null;
  let graceTimer: unknown = null;
  /** When graceTimer fires, and when grace periods were last settled. */
  let graceTimerAt = Infinity;
  let gracedAt = -Infinity;

  const graceOver = (firstSeen: number, now = clock.now()) =>
    loadedAt !== null && now >= Math.max(loadedAt, firstSeen) + grace;

  function onGraceTimer() {
    graceTimer = null;
    graceTimerAt = Infinity;
    onDue();
  }

  function settleGrace(tracked: ReadonlySet<Tracked>, lookAgain: (roots: ReadonlySet<Element>) => void, wake: boolean) {
    if (loadedAt === null) return; // the load event will call update()
    let now = clock.now();
    const roots = new Set<Element>();
    for (const entry of tracked) {
      if (entry.status !== 'pending' || entry.card || !graceOver(entry.firstSeen, now)) continue;
      const first = entry.detection.nodes[0];
      roots.add(first.parentElement ?? first);
    }
    // All at once: a scan per root cost each one a pass over every embed tracked (the items of a feed).
    if (roots.size) {
      gracedAt = now;
      lookAgain(roots);
    }
    now = clock.now();
    let next = Infinity;
    for (const entry of tracked) {
      if (entry.status !== 'pending') continue;
      if (graceOver(entry.firstSeen, now)) entry.status = 'broken';
      else next = Math.min(next, Math.max(loadedAt, entry.firstSeen) + grace);
    }
    // Grace periods that end close together (the items of a feed) are settled together, a little later.
    if (next < Infinity) next = Math.max(next, gracedAt + COALESCE_MS);
    if (!wake) next = Infinity;
    if (next === graceTimerAt) return;
    if (graceTimer !== null) clock.clearTimeout(graceTimer);
    graceTimer = next < Infinity ? clock.setTimeout(onGraceTimer, next - now) : null;
    graceTimerAt = next;
  }

  return {
    markLoaded() {
      loadedAt ??= clock.now();
    },
    isOver: graceOver,
    settle: settleGrace,
    stop() {
      if (graceTimer !== null) clock.clearTimeout(graceTimer);
    },
  };
}
