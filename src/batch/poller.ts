import { randomUUID } from 'node:crypto';
import { type FollowDeps, type FollowOutcome, followJob } from './follow.ts';
import { INTENT_MAX_AGE_MS, reconcileIntents } from './intents.ts';
import { activeJobIds, batchKeys } from './jobs.ts';

/**
 * The background poller: follows every unfinished batch job in the store, in this process, started
 * and stopped with the app (the batch Feature's start/stop).
 *
 * - Cadence: each job is looked at every `intervalMs`–2×`intervalMs` (default 30–60 s, as the docs
 *   ask, api-ref#rate-limit), with jitter so jobs started together do not poll together; a paused job 10× less.
 * - Rate: API requests come out of a budget kept in the store (`requestsPerMinute`, default 100 of
 *   the account's 300, api-ref#rate-limit, drawn in 10 s slices), shared by every Scout process, so 5,000 active
 *   jobs are polled less often rather than tripping 429s for everyone else. Concurrency is bounded.
 * - Ownership: a job is followed by whichever process holds its lease (`store.atomic` leases).
 *   Leases are short (`leaseTtlMs`, default 10 s) and kept alive by a heartbeat (`heartbeatMs`,
 *   default 3 s) that renews every lease this process holds, with a check of the owner in the same
 *   atomic step, so a lease this process lost (expired and taken) is never extended. A job
 *   someone else holds is tried again every heartbeat, so a crashed process's jobs move to another
 *   process (or its own restart) within TTL + heartbeat (≤ 13 s by default) — not the minutes a
 *   lease renewed only on each look would need — and never to two at once. A process whose
 *   renewal fails stops reporting that job (every report first checks `stillMine`).
 * - Restart: on boot every job in `batch:active` is picked up again, and a Start that a crash cut
 *   short between the paid create call and the job's record is reconciled (src/batch/intents.ts).
 */

export interface BatchPollerOptions {
  /** Base interval; each wait is between this and twice this. Default 30 000 (BATCH_POLL_INTERVAL_MS). */
  intervalMs?: number;
  /** Jobs looked at in parallel. Default 4. */
  concurrency?: number;
  /** API requests per minute for all pollers sharing the store. Default 100 (of 300, api-ref#rate-limit). */
  requestsPerMinute?: number;
  /**
   * The budget is drawn in slices of this length (each `requestsPerMinute × slice / 60 s`), so no
   * 60 s window sees much more than the budget (a fixed minute would let two through across its
   * boundary). Default 10 000.
   */
  budgetSliceMs?: number;
  /** How long a job's lease lasts without a heartbeat. Default 10 000. */
  leaseTtlMs?: number;
  /**
   * How often held leases are renewed and foreign ones tried again. Default 3 000; must be well
   * under `leaseTtlMs` (at most a third of it), or a slow store round trip could let a lease lapse.
   */
  heartbeatMs?: number;
  /** An intent (a Start) older than this without its job is taken for a crash. Default 10 min. */
  intentMaxAgeMs?: number;
  /** For tests: the jitter source. */
  random?: () => number;
}

interface Slot {
  dueAt: number;
  failures: number;
}

const PAUSED_SLOWDOWN = 10;
const MAX_BACKOFF_MS = 30 * 60 * 1000;

export class BatchPoller {
  /** This process's name on leases. */
  readonly instanceId = randomUUID();
  private readonly deps: FollowDeps;
  private readonly intervalMs: number;
  private readonly concurrency: number;
  private readonly requestsPerMinute: number;
  private readonly leaseTtlMs: number;
  private readonly heartbeatMs: number;
  private readonly intentMaxAgeMs: number;
  private readonly sliceMs: number;
  private readonly perSlice: number;
  private readonly random: () => number;
  private readonly tickMs: number;
  private readonly refreshMs: number;
  private readonly slots = new Map<string, Slot>();
  private readonly running = new Map<string, Promise<void>>();
  private readonly held = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private heartbeat: NodeJS.Timeout | null = null;
  private beating: Promise<void> | null = null;
  private ticking: Promise<void> | null = null;
  private stopped = true;
  private lastRefresh = Number.NEGATIVE_INFINITY;
  private booted = false;
  /** Set by `abandon`: looks still in flight must not report. */
  private abandoned = false;
  /** When the shared request budget ran out: nothing is dispatched before the next minute. */
  private budgetSpentUntil = 0;

  constructor(deps: FollowDeps, options: BatchPollerOptions = {}) {
    this.deps = deps;
    this.intervalMs = options.intervalMs ?? 30_000;
    this.concurrency = options.concurrency ?? 4;
    this.requestsPerMinute = options.requestsPerMinute ?? 100;
    this.leaseTtlMs = options.leaseTtlMs ?? 10_000;
    this.heartbeatMs = options.heartbeatMs ?? Math.max(1, Math.floor(this.leaseTtlMs * 0.3));
    this.intentMaxAgeMs = options.intentMaxAgeMs ?? INTENT_MAX_AGE_MS;
    this.random = options.random ?? Math.random;
    this.sliceMs = Math.min(60_000, Math.max(1000, options.budgetSliceMs ?? 10_000));
    this.perSlice = Math.max(1, Math.floor((this.requestsPerMinute * this.sliceMs) / 60_000));
    this.tickMs = Math.min(1000, Math.max(5, Math.floor(this.intervalMs / 4)));
    this.refreshMs = Math.min(5000, Math.max(this.tickMs, this.intervalMs));
    for (const [name, value] of Object.entries({
      intervalMs: this.intervalMs,
      concurrency: this.concurrency,
      requestsPerMinute: this.requestsPerMinute,
      leaseTtlMs: this.leaseTtlMs,
      heartbeatMs: this.heartbeatMs,
    })) {
      if (!Number.isFinite(value) || value < 1) throw new RangeError(`BatchPoller ${name} must be >= 1`);
    }
    if (this.heartbeatMs * 3 > this.leaseTtlMs) {
      throw new RangeError('BatchPoller heartbeatMs must be at most a third of leaseTtlMs');
    }
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(0);
    this.heartbeat = setInterval(() => {
      this.beating ??= this.beat().finally(() => {
        this.beating = null;
      });
    }, this.heartbeatMs);
    this.heartbeat.unref?.();
  }

  /** Stops looking, waits for looks in progress, and hands this process's jobs back. */
  async stop(): Promise<void> {
    this.halt();
    await this.ticking;
    await this.beating;
    await Promise.allSettled([...this.running.values()]);
    const held = [...this.held];
    this.held.clear();
    for (const id of held) this.deps.reporter.release(id);
    await Promise.allSettled(
      held.map((id) => this.deps.store.atomic.releaseLease(batchKeys.lease(id), this.instanceId)),
    );
  }

  /**
   * Stops every timer without handing anything back, as a crashed process would: its leases lapse
   * after `leaseTtlMs` and looks still in flight report nothing more (tests of the take-over).
   */
  abandon(): void {
    this.halt();
    this.abandoned = true;
    for (const id of this.held) this.deps.reporter.release(id);
    this.held.clear();
  }

  private halt(): void {
    this.stopped = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    if (this.heartbeat !== null) clearInterval(this.heartbeat);
    this.heartbeat = null;
  }

  /**
   * Renews every held lease (owner checked atomically by the store). A lease that could not be
   * renewed is gone: the job is dropped from `held` and looked at again later like anyone else's.
   */
  private async beat(): Promise<void> {
    const { atomic } = this.deps.store;
    await Promise.all(
      [...this.held].map(async (id) => {
        let mine = false;
        try {
          mine = await atomic.renewLease(batchKeys.lease(id), this.instanceId, this.leaseTtlMs);
        } catch (error) {
          // A store hiccup: keep trying; the lease lapses on its own if the store stays away.
          this.deps.log.warn({ err: error, job: id }, 'batch lease heartbeat failed');
          return;
        }
        if (mine || this.abandoned) return;
        this.held.delete(id);
        this.deps.reporter.release(id);
        this.deps.log.warn({ job: id }, 'batch lease lost to another process; no longer reporting it');
      }),
    );
  }

  /** Look at a job now (just started here, or resumed). */
  wake(id: string): void {
    const slot = this.slots.get(id);
    if (slot) slot.dueAt = Date.now();
    else this.slots.set(id, { dueAt: Date.now(), failures: 0 });
    if (!this.stopped && this.ticking === null) this.schedule(0);
  }

  /** Jobs this process is following (tests, benchmarks). */
  get following(): number {
    return this.slots.size;
  }

  private schedule(delay: number): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.ticking = this.tick().finally(() => {
        this.ticking = null;
        if (!this.stopped && this.timer === null) this.schedule(this.tickMs);
      });
    }, delay);
    this.timer.unref?.();
  }

  /** One round: pick up new jobs, then start looks at due ones within the concurrency and the budget. */
  async tick(): Promise<void> {
    try {
      await this.refresh();
      this.dispatch();
    } catch (error) {
      this.deps.log.warn({ err: error }, 'batch poller round failed');
    }
  }

  private nextDelay(): number {
    return Math.round(this.intervalMs * (1 + this.random()));
  }

  private async refresh(): Promise<void> {
    const now = Date.now();
    if (now - this.lastRefresh < this.refreshMs) return;
    this.lastRefresh = now;
    await reconcileIntents(this.deps, this.intentMaxAgeMs);
    const ids = new Set(await activeJobIds(this.deps.store));
    // On boot, spread the jobs found over the first interval instead of polling them all at once.
    const spread = this.booted ? 0 : Math.min(this.intervalMs, 5000);
    for (const id of ids) {
      if (!this.slots.has(id))
        this.slots.set(id, { dueAt: now + Math.round(spread * this.random()), failures: 0 });
    }
    for (const id of this.slots.keys()) {
      if (!ids.has(id) && !this.running.has(id)) this.slots.delete(id);
    }
    this.booted = true;
  }

  private dispatch(): void {
    const now = Date.now();
    if (this.stopped || now < this.budgetSpentUntil) return;
    const free = this.concurrency - this.running.size;
    if (free <= 0) return;
    const due: [string, Slot][] = [];
    for (const entry of this.slots) {
      if (entry[1].dueAt <= now && !this.running.has(entry[0])) due.push(entry);
    }
    due.sort((a, b) => a[1].dueAt - b[1].dueAt);
    for (const [id] of due.slice(0, free)) {
      const look = this.look(id).finally(() => {
        this.running.delete(id);
      });
      this.running.set(id, look);
    }
  }

  private async look(id: string): Promise<void> {
    const slot = this.slots.get(id) ?? { dueAt: 0, failures: 0 };
    const { atomic } = this.deps.store;
    const lease = batchKeys.lease(id);
    let outcome: FollowOutcome;
    try {
      if (!(await atomic.acquireLease(lease, this.instanceId, this.leaseTtlMs))) {
        if (this.held.delete(id)) this.deps.reporter.release(id);
        // Someone else follows it: try again next heartbeat, so its holder's death is noticed
        // within TTL + heartbeat.
        slot.dueAt = Date.now() + this.heartbeatMs;
        return;
      }
      this.held.add(id);
      outcome = await followJob(this.deps, id, {
        stillMine: async () =>
          !this.abandoned && (await atomic.renewLease(lease, this.instanceId, this.leaseTtlMs)),
        takeRequest: () => this.takeRequest(),
      });
    } catch (error) {
      slot.failures += 1;
      const backoff = Math.min(MAX_BACKOFF_MS, this.intervalMs * 2 ** Math.min(slot.failures, 16));
      slot.dueAt = Date.now() + backoff;
      this.deps.log.warn(
        { err: error, job: id, failures: slot.failures },
        'batch job look failed; will retry',
      );
      return;
    }
    const now = Date.now();
    switch (outcome) {
      case 'done':
        this.slots.delete(id);
        this.held.delete(id);
        await atomic.releaseLease(lease, this.instanceId).catch(() => false);
        return;
      case 'lost':
        this.held.delete(id);
        this.deps.reporter.release(id);
        slot.dueAt = now + this.heartbeatMs;
        return;
      case 'throttled':
        slot.dueAt = this.budgetSpentUntil;
        return;
      case 'paused':
        slot.failures = 0;
        slot.dueAt = now + this.nextDelay() * PAUSED_SLOWDOWN;
        return;
      case 'running':
        slot.failures = 0;
        slot.dueAt = now + this.nextDelay();
        return;
    }
  }

  /** A counter per time slice in the store: every process draws from the same budget. */
  private async takeRequest(): Promise<boolean> {
    const slice = Math.floor(Date.now() / this.sliceMs);
    const key = batchKeys.pollBudget(slice * this.sliceMs);
    const result = await this.deps.store.atomic.reserve(key, 1, this.perSlice, this.sliceMs * 2);
    if (!result.ok) this.budgetSpentUntil = (slice + 1) * this.sliceMs;
    return result.ok;
  }
}
