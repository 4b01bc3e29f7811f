import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import { creditsToMilli, milliToCredits } from '../ic/prices.ts';
import type { Store } from '../store/types.ts';
import { budgetKeys, MONTH_KEY_TTL_MS } from './keys.ts';
import type { Reservation } from './types.ts';

/**
 * Every reservation the guard holds, with an expiry, so a crash cannot hold credits forever.
 *
 * A reservation holds credits in two counters (the workspace's month, the account's in-flight
 * total). If the process dies between reserving and settling (a lookup mid-call, an export
 * mid-page, a batch whose job record was lost), nobody settles it and both counters stay high for
 * good: the workspace's budget shrinks and, worse, the account looks busier than it is for every
 * workspace. So each reservation is listed here with `expiresAt`; the guard's sweep (on start-up and
 * periodically) releases the hold of every expired one that is still listed, and logs it.
 *
 * Releasing is not settling: it shrinks the hold to what was already recorded (progress), and marks
 * the reservation released. If the owner is alive after all (a batch paused longer than its expiry)
 * and settles later, the settlement still records what was really spent, without releasing the
 * hold a second time. Release and settle of one reservation take a short lock, so the two never
 * interleave, in any number of processes.
 *
 * One window stays: a crash between the counters' reservation and the listing here (a few
 * store writes apart) leaks that hold. It is microseconds wide, where the old one was the whole call.
 */

export interface LiveReservation {
  id: string;
  team: string;
  month: string;
  estimate: number;
  /** Wall-clock ms after which the sweep may release it. */
  expiresAt: number;
}

export const RESERVATION_TTL_MS = {
  /** A lookup's call ends within minutes (timeouts and retries): held longer, its process died. */
  call: 15 * 60 * 1000,
  /** Exports and batches: a day, pushed back whenever a batch reports progress. */
  job: 24 * 60 * 60 * 1000,
} as const;
/** How often a running Scout looks for expired reservations. */
export const SWEEP_INTERVAL_MS = 5 * 60 * 1000;

const LIVE_SET = 'budget:reservations:live';
const liveKey = (id: string) => `budget:reservation:live:${id}`;
const lockKey = (id: string) => `budget:reservation:lock:${id}`;
/** Marker: the sweep released this reservation's hold; a later settle must not release it again. */
const releasedKey = (id: string) => `budget:reservation:released:${id}`;

/** A lock outlives any release or settle (a handful of store writes) by far. */
const LOCK_TTL_MS = 30_000;
const LOCK_WAIT_MS = 2_000;
/** Entries outlive their expiry so the sweep can still find them; markers outlive late settles. */
const ENTRY_GRACE_MS = 40 * 24 * 60 * 60 * 1000;

export class LiveReservations {
  readonly #store: Store;

  constructor(store: Store) {
    this.#store = store;
  }

  async add(r: Reservation & { id: string }, expiresAt: number): Promise<void> {
    const entry: LiveReservation = {
      id: r.id,
      team: r.team,
      month: r.month,
      estimate: r.estimate,
      expiresAt,
    };
    await this.#store.kv.set(liveKey(r.id), entry, Math.max(0, expiresAt - Date.now()) + ENTRY_GRACE_MS);
    await this.#store.atomic.addToSet(LIVE_SET, r.id);
  }

  /** Push a running job's expiry back (it reported progress: it is alive). */
  async renew(id: string, expiresAt: number): Promise<void> {
    const entry = (await this.#store.kv.get(liveKey(id))) as LiveReservation | undefined;
    if (entry === undefined) return;
    await this.#store.kv.set(
      liveKey(id),
      { ...entry, expiresAt: Math.max(entry.expiresAt, expiresAt) },
      Math.max(0, expiresAt - Date.now()) + ENTRY_GRACE_MS,
    );
  }

  async remove(id: string): Promise<void> {
    await this.#store.atomic.removeFromSet(LIVE_SET, id);
    await this.#store.kv.delete(liveKey(id));
  }

  /** Listed reservations whose expiry has passed at `now` (entries gone from the kv are unlisted). */
  async expired(now: number): Promise<LiveReservation[]> {
    const out: LiveReservation[] = [];
    for (const id of await this.#store.atomic.setMembers(LIVE_SET)) {
      const entry = (await this.#store.kv.get(liveKey(id))) as LiveReservation | undefined;
      if (entry === undefined) await this.#store.atomic.removeFromSet(LIVE_SET, id);
      else if (entry.expiresAt <= now) out.push(entry);
    }
    return out;
  }

  async isListed(id: string): Promise<boolean> {
    return (await this.#store.kv.get(liveKey(id))) !== undefined;
  }

  async wasReleased(id: string): Promise<boolean> {
    return (await this.#store.atomic.leaseHolder(releasedKey(id))) !== null;
  }

  async markReleased(id: string): Promise<void> {
    await this.#store.atomic.acquireLease(releasedKey(id), 'sweep', ENTRY_GRACE_MS);
  }

  /**
   * Run `fn` holding the reservation's lock. `wait`: keep trying for a moment (a settle must
   * happen); otherwise give up at once and return undefined (the sweep comes back later).
   */
  async locked<T>(id: string, wait: boolean, fn: () => Promise<T>): Promise<T | undefined> {
    const owner = randomUUID();
    const deadline = performance.now() + LOCK_WAIT_MS;
    let held = await this.#store.atomic.acquireLease(lockKey(id), owner, LOCK_TTL_MS);
    while (!held && wait && performance.now() < deadline) {
      await sleep(10);
      held = await this.#store.atomic.acquireLease(lockKey(id), owner, LOCK_TTL_MS);
    }
    // A settle that could not get the lock in time goes ahead: losing a settlement is worse
    // than the (already improbable) overlap with a sweep stuck for seconds.
    if (!held && !wait) return undefined;
    try {
      return await fn();
    } finally {
      if (held) await this.#store.atomic.releaseLease(lockKey(id), owner);
    }
  }
}

/**
 * Release the hold of every expired reservation still listed (see above) and log each. A
 * reservation already settled is only unlisted; one whose lock is busy is left for the next sweep.
 * Returns the reservations released.
 */
export async function releaseExpired(
  store: Store,
  live: LiveReservations,
  now: number,
  log: Logger,
): Promise<LiveReservation[]> {
  const released: LiveReservation[] = [];
  for (const entry of await live.expired(now)) {
    await live.locked(entry.id, false, async () => {
      const { atomic } = store;
      // Re-checked under the lock: settled (and unlisted) since the list was read means hands off.
      if (!(await live.isListed(entry.id))) return;
      const settled = (await atomic.leaseHolder(budgetKeys.reservationSettled(entry.id))) !== null;
      if (settled || (await live.wasReleased(entry.id))) {
        await live.remove(entry.id);
        return;
      }
      const held = creditsToMilli(entry.estimate);
      const recorded = await atomic.read(budgetKeys.reservationRecorded(entry.id));
      // The hold shrinks to what was recorded as spent; the rest goes back to the budget and account.
      const unrecorded = Math.max(held, recorded) - recorded;
      if (unrecorded > 0) {
        await atomic.adjust(budgetKeys.committed(entry.team, entry.month), -unrecorded, MONTH_KEY_TTL_MS);
      }
      const stillHeld = held - Math.min(recorded, held);
      if (stillHeld > 0) await atomic.adjust(budgetKeys.accountInFlight, -stillHeld);
      await live.markReleased(entry.id);
      await live.remove(entry.id);
      released.push(entry);
      log.warn(
        {
          team: entry.team,
          reservation: entry.id,
          estimate: entry.estimate,
          recorded: milliToCredits(recorded),
          expiredAt: new Date(entry.expiresAt).toISOString(),
        },
        'released an expired reservation (its owner crashed or is stuck); a later settle still records the real spend',
      );
    });
  }
  return released;
}

/** Run `task` now and every `intervalMs`, logging failures; the timer never keeps the process alive. */
export function repeatUnref(task: () => Promise<unknown>, intervalMs: number, log: Logger): () => void {
  const run = () => {
    task().catch((error: unknown) => log.error({ err: error }, 'could not release expired reservations'));
  };
  run();
  const timer = setInterval(run, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
