import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { type PricedOperation, priceRule } from '../ic/endpoints.ts';
import { IcError } from '../ic/errors.ts';
import { creditsToMilli, milliToCredits, type PriceTable, roundCredits } from '../ic/prices.ts';
import type { Paid } from '../ic/schemas.ts';
import type { Store } from '../store/types.ts';
import { AccountBalanceCache } from './balance.ts';
import { budgetKeys, MONTH_KEY_TTL_MS, monthOf } from './keys.ts';
import * as reservations from './reservations.ts';
import { readSettings } from './settings.ts';
import { ThresholdNotices } from './thresholds.ts';
import {
  type AccountBalance,
  type AccountSource,
  BudgetExceededError,
  type BudgetGuardOptions,
  type BudgetObserver,
  type BudgetStatus,
  checkedMilli,
  parseReservation,
  type Reservation,
  type SettleEntry,
  type SpendEntry,
  type SpendRequest,
  type SpendResult,
  summarise,
  type ThresholdListener,
} from './types.ts';

export {
  type AccountBalance,
  AccountCreditsError,
  type AccountSource,
  BudgetExceededError,
  type BudgetGuardOptions,
  type BudgetObserver,
  type BudgetStatus,
  type Reservation,
  reservationSchema,
  type SettleEntry,
  type SpendEntry,
  type SpendRequest,
  type SpendResult,
  type ThresholdCrossing,
  type ThresholdListener,
} from './types.ts';

/**
 * The one door every paid Influencers Club call goes through:
 *   estimate → reserve against the workspace's monthly budget (atomic) → reserve against the
 *   account's real balance → call → settle the reservation to the real `credits_cost` → record.
 * A refusal spends nothing and calls nothing. Amounts are kept in milli-credits so sums never drift.
 *
 * Every counter lives in the store and changes atomically there, so any number of concurrent
 * calls, in any number of Scout processes sharing one Redis, can never together exceed a budget.
 */

/** Kept well past a month so a late settlement of last month's batch is still recognised. */
const SETTLED_CLAIM_TTL_MS = MONTH_KEY_TTL_MS;

export class BudgetGuard {
  private readonly store: Store;
  private readonly account: AccountSource;
  private readonly log: Logger;
  private readonly defaultBudget: number;
  private readonly clock: () => number;
  private readonly balance: AccountBalanceCache;
  private readonly notices: ThresholdNotices;
  private readonly observer: BudgetObserver | undefined;
  private readonly live: reservations.LiveReservations;
  private readonly ttl: { call: number; job: number };
  /** Reserved-credit reports still being read from the store (flush waits for them). */
  private readonly reports = new Set<Promise<void>>();

  constructor(options: BudgetGuardOptions) {
    if (!Number.isFinite(options.defaultBudget) || options.defaultBudget < 0) {
      throw new RangeError('BudgetGuardOptions.defaultBudget must be a number of credits >= 0');
    }
    this.store = options.store;
    this.account = options.account;
    this.log = options.log.child({ component: 'budget' });
    this.defaultBudget = options.defaultBudget;
    this.clock = options.clock ?? Date.now;
    this.observer = options.observer;
    this.live = new reservations.LiveReservations(this.store);
    this.ttl = {
      call: options.callReservationTtlMs ?? reservations.RESERVATION_TTL_MS.call,
      job: options.jobReservationTtlMs ?? reservations.RESERVATION_TTL_MS.job,
    };
    this.balance = new AccountBalanceCache(
      this.store,
      this.account,
      this.clock,
      options.balanceTtlMs ?? 60_000,
    );
    this.notices = new ThresholdNotices({
      store: this.store,
      log: this.log,
      clock: this.clock,
      defaultBudget: this.defaultBudget,
      status: (team, month) => this.status(team, month),
    });
  }

  /**
   * Be told when a workspace's committed spend crosses a budget threshold (once per workspace,
   * month, budget and threshold, across every process sharing the store). Listeners run in the
   * background; their errors are logged and never reach the paid call. Returns an unsubscribe.
   */
  onThresholdCrossed(listener: ThresholdListener): () => void {
    return this.notices.subscribe(listener);
  }

  get prices(): PriceTable {
    return this.account.prices;
  }

  /** CREDIT_BUDGET_DEFAULT: the budget of a workspace whose admins set none. */
  get defaultLimit(): number {
    return this.defaultBudget;
  }

  /** The most `operation` can cost for `params` (the endpoint table's price rule parses them). */
  estimate(operation: PricedOperation, params: unknown): number {
    return roundCredits(priceRule(operation).estimate(params, this.account.prices));
  }

  /** Run one paid call under the budget. Throws BudgetExceededError / AccountCreditsError before calling. */
  async spend<T>(request: SpendRequest<T>): Promise<SpendResult<T>> {
    const estimate = this.estimate(request.operation, request.params);
    const reservation = await this.reserveBudget(request.team, estimate, this.ttl.call);
    const entry: SettleEntry = {
      user: request.user,
      feature: request.feature,
      operation: request.operation,
      summary: request.summary,
    };
    let result: Paid<T>;
    try {
      result = await request.call();
    } catch (error) {
      // Credits are charged only when data comes back (api-ref#credits), so a failed call is
      // released — unless it failed after the request was sent in a way that may still have been
      // billed (a timeout on a paid POST, a 200 we could not read). Then it is counted at the
      // estimate: never under-count. An error that is not the client's own is an unknown: counted too.
      const uncertain = !(error instanceof IcError) || error.mayHaveCharged;
      await this.settleQuietly(reservation, uncertain ? estimate : 0, { ...entry, uncertain });
      throw error;
    }
    await this.settleQuietly(reservation, result.creditsCost, entry);
    return { data: result.data, creditsCost: result.creditsCost, estimate };
  }

  /**
   * Reserve `estimate` credits for a workspace: first its monthly budget, then the account balance.
   * Both are atomic in the store, so concurrent calls (even from several Scout processes sharing
   * Redis) can never together exceed either. For long jobs: store the returned Reservation with the
   * job, call `progress` as the job reports what it used, and `settle` once at the end.
   */
  async reserve(team: string, estimate: number): Promise<Reservation> {
    const reservation = await this.reserveBudget(team, estimate, this.ttl.job);
    // A big reservation (a batch) can cross a threshold before anything is settled.
    this.notices.checkLater(team, reservation.month);
    return reservation;
  }

  /**
   * Record what a running job has used so far (`credits_used` from the batch status, cumulative).
   * Moves that much from "reserved" to "spent" in the month the reservation was made, and frees it
   * on the account hold (the balance now shows it). Idempotent: reporting the same or a lower total
   * again records nothing. Returns the credits newly recorded.
   */
  async progress(reservation: Reservation, usedSoFar: number, entry: SettleEntry): Promise<number> {
    const r = parseReservation(reservation);
    const target = checkedMilli(usedSoFar, 'usedSoFar');
    if (r.id === undefined) {
      throw new TypeError('progress needs the reservation id: store the Reservation with reservationSchema');
    }
    const id = r.id;
    const recorded = await this.live.locked(id, true, () => this.recordProgress(r, id, target, entry));
    return recorded ?? 0;
  }

  private async recordProgress(
    r: Reservation,
    id: string,
    target: number,
    entry: SettleEntry,
  ): Promise<number> {
    const { atomic } = this.store;
    if ((await atomic.leaseHolder(budgetKeys.reservationSettled(id))) !== null) return 0;
    const key = budgetKeys.reservationRecorded(id);
    // A released reservation (see reservations.ts) holds nothing beyond what it recorded.
    const released = await this.live.wasReleased(id);
    const held = released ? 0 : creditsToMilli(r.estimate);
    // Compare-and-add through reserve(): the add succeeds only if nobody recorded in between.
    for (let attempt = 0; attempt < 5; attempt++) {
      const recorded = await atomic.read(key);
      const delta = target - recorded;
      if (delta <= 0) return 0;
      const added = await atomic.reserve(key, delta, target, MONTH_KEY_TTL_MS);
      if (!added.ok) continue;
      const freed = Math.min(target, held) - Math.min(recorded, held);
      const overrun = Math.max(0, target - held) - Math.max(0, recorded - held);
      if (overrun > 0) {
        await atomic.adjust(budgetKeys.committed(r.team, r.month), overrun, MONTH_KEY_TTL_MS);
      }
      await this.balance.deduct(delta);
      if (freed > 0) await atomic.adjust(budgetKeys.accountInFlight, -freed);
      await this.recordTallies(r.team, r.month, entry, delta);
      if (!released) await this.live.renew(id, this.clock() + this.ttl.job);
      this.notices.checkLater(r.team, r.month);
      this.reportReserved(r.team, r.month);
      return milliToCredits(delta);
    }
    return 0;
  }

  /**
   * Settle a reservation to what was really spent in all and record it. Safe to call again (from any
   * process): only the first call counts. Returns whether this call settled it.
   */
  async settle(reservation: Reservation, actual: number, entry: SettleEntry): Promise<boolean> {
    const r = parseReservation(reservation);
    checkedMilli(actual, 'actual');
    if (r.id === undefined) {
      await this.finish(r, actual, entry, 0);
      return true;
    }
    const id = r.id;
    const settled = await this.live.locked(id, true, async () => {
      const first = await this.store.atomic.acquireLease(
        budgetKeys.reservationSettled(id),
        randomUUID(),
        SETTLED_CLAIM_TTL_MS,
      );
      if (!first) {
        this.log.info({ team: r.team, reservation: id }, 'reservation already settled; ignored');
        return false;
      }
      const recorded = await this.store.atomic.read(budgetKeys.reservationRecorded(id));
      await this.finish(r, actual, entry, recorded, await this.live.wasReleased(id));
      await this.live.remove(id);
      return true;
    });
    return settled ?? false;
  }

  /**
   * Release every expired reservation (a crashed process's lookups, exports and lost batches; see
   * reservations.ts). Runs at start-up and every few minutes (`startSweeping`). Returns how many.
   */
  async releaseExpired(): Promise<number> {
    const released = await reservations.releaseExpired(this.store, this.live, this.clock(), this.log);
    for (const team of new Set(released.map((r) => r.team))) this.reportReserved(team, monthOf(this.clock()));
    return released.length;
  }

  /** Sweep now and every `intervalMs` (unref'd: it never keeps the process alive). Returns a stop. */
  startSweeping(intervalMs = reservations.SWEEP_INTERVAL_MS): () => void {
    return reservations.repeatUnref(() => this.releaseExpired(), intervalMs, this.log);
  }

  /** Budget summary for a workspace (Home tab, /credits, refusals); this month unless `month` is given. */
  async status(team: string, month: string = monthOf(this.clock())): Promise<BudgetStatus> {
    const limit = await this.limitFor(team);
    const committedMilli = await this.store.atomic.read(budgetKeys.committed(team, month));
    const fields = await this.store.atomic.readFields(budgetKeys.spend(team, month));
    return summarise(month, creditsToMilli(limit), committedMilli, fields.total ?? 0);
  }

  /** Spend this month broken down by user and by feature, in credits. */
  async breakdown(
    team: string,
    month: string = monthOf(this.clock()),
  ): Promise<{ byUser: Record<string, number>; byFeature: Record<string, number> }> {
    const fields = await this.store.atomic.readFields(budgetKeys.spend(team, month));
    const byUser: Record<string, number> = {};
    const byFeature: Record<string, number> = {};
    for (const [field, milli] of Object.entries(fields)) {
      if (milli === 0) continue;
      if (field.startsWith('user:')) byUser[field.slice(5)] = milliToCredits(milli);
      else if (field.startsWith('feature:')) byFeature[field.slice(8)] = milliToCredits(milli);
    }
    return { byUser, byFeature };
  }

  /** The latest spend entries this month, newest first. */
  async recentSpend(team: string, limit = 20): Promise<SpendEntry[]> {
    const lines = await this.store.atomic.readLog(budgetKeys.spendLog(team, monthOf(this.clock())), limit);
    return lines.flatMap((line) => {
      try {
        return [JSON.parse(line) as SpendEntry];
      } catch {
        return [];
      }
    });
  }

  /** The account's balance, cached about a minute in the store (see balance.ts); discovery's 10 % cap and /credits read it. */
  async accountBalance(): Promise<AccountBalance> {
    return this.balance.get();
  }

  async limitFor(team: string): Promise<number> {
    const settings = await readSettings(this.store, team);
    return settings.budget ?? this.defaultBudget;
  }

  /** Resolves once budget notices started so far have been posted (tests, shutdown). */
  async flush(): Promise<void> {
    await this.notices.flush();
    while (this.reports.size > 0) await Promise.allSettled([...this.reports]);
  }

  /** Report a workspace's held credits, read from the store in the background (never delays a call). */
  private reportReserved(team: string, month: string): void {
    const observer = this.observer;
    if (observer?.reserved === undefined) return;
    const task = this.status(team, month)
      .then((status) => observer.reserved?.({ team, credits: status.reserved }))
      .catch((error: unknown) => this.log.debug({ err: error, team }, 'could not report reserved credits'))
      .finally(() => this.reports.delete(task));
    this.reports.add(task);
  }

  private async reserveBudget(team: string, estimate: number, ttlMs: number): Promise<Reservation> {
    const amount = checkedMilli(estimate, 'estimate');
    const month = monthOf(this.clock());
    const limit = await this.limitFor(team);
    const budget = await this.store.atomic.reserve(
      budgetKeys.committed(team, month),
      amount,
      creditsToMilli(limit),
      MONTH_KEY_TTL_MS,
    );
    if (!budget.ok) {
      throw new BudgetExceededError(estimate, await this.status(team, month));
    }
    try {
      if (amount > 0) await this.balance.hold(amount, estimate);
    } catch (error) {
      await this.store.atomic.adjust(budgetKeys.committed(team, month), -amount, MONTH_KEY_TTL_MS);
      throw error;
    }
    const reservation = { id: randomUUID(), team, month, estimate: milliToCredits(amount) };
    // Listed with an expiry so that a crash before settling cannot hold these credits forever.
    try {
      await this.live.add(reservation, this.clock() + ttlMs);
    } catch (error) {
      // Unlisted, nobody could ever release it: give the credits back and refuse instead.
      await this.store.atomic.adjust(budgetKeys.committed(team, month), -amount, MONTH_KEY_TTL_MS);
      if (amount > 0) await this.store.atomic.adjust(budgetKeys.accountInFlight, -amount);
      throw error;
    }
    this.reportReserved(team, month);
    return reservation;
  }

  /** A store failure after the call must not lose the user's answer: the budget stays counted at the estimate. */
  private async settleQuietly(reservation: Reservation, actual: number, entry: SettleEntry): Promise<void> {
    const id = reservation.id;
    try {
      if (id === undefined) throw new TypeError('spend made a reservation without an id');
      // Only this call settles its own reservation, so no settled claim (a key kept for a year per
      // lookup) is needed: unlisting it under the lock is what keeps the sweep off it.
      await this.live.locked(id, true, async () => {
        await this.finish(reservation, actual, entry, 0, await this.live.wasReleased(id));
        await this.live.remove(id);
      });
    } catch (error) {
      this.log.error(
        { err: error, team: reservation.team, estimate: reservation.estimate, actual },
        'could not settle a paid call; it stays counted at its estimate',
      );
    }
  }

  /**
   * Bring the month's counters from "reserved `estimate`, `recorded` of it already recorded as
   * spent" to "spent `actual`", release the account hold and log the spend.
   */
  private async finish(
    r: Reservation,
    actual: number,
    entry: SettleEntry,
    recorded: number,
    released = false,
  ): Promise<void> {
    const { atomic } = this.store;
    // A reservation the sweep released holds only what it had recorded (reservations.ts).
    const held = released ? Math.min(creditsToMilli(r.estimate), recorded) : creditsToMilli(r.estimate);
    const spent = creditsToMilli(actual);
    // Committed holds max(estimate, recorded) for this reservation; it becomes what was spent.
    const committedDelta = spent - Math.max(held, recorded);
    if (committedDelta !== 0) {
      await atomic.adjust(budgetKeys.committed(r.team, r.month), committedDelta, MONTH_KEY_TTL_MS);
    }
    const spendDelta = spent - recorded;
    // Take the spend off the cached balance before releasing the hold, so no moment counts it twice
    // as available.
    if (spendDelta > 0) await this.balance.deduct(spendDelta);
    const stillHeld = held - Math.min(recorded, held);
    if (stillHeld > 0) await atomic.adjust(budgetKeys.accountInFlight, -stillHeld);
    if (spendDelta !== 0) await this.recordTallies(r.team, r.month, entry, spendDelta);
    if (spent > 0) {
      const record: SpendEntry = {
        at: this.clock(),
        team: r.team,
        user: entry.user,
        feature: entry.feature,
        operation: entry.operation,
        summary: entry.summary.slice(0, 200),
        estimate: r.estimate,
        actual,
        ...(entry.uncertain ? { uncertain: true } : {}),
      };
      await atomic.appendLog(
        budgetKeys.spendLog(r.team, r.month),
        JSON.stringify(record),
        500,
        MONTH_KEY_TTL_MS,
      );
      if (entry.uncertain) {
        this.log.warn(
          { team: r.team, feature: entry.feature, estimate: r.estimate },
          'paid call failed after sending; counted at its estimate',
        );
      }
    }
    this.notices.checkLater(r.team, r.month);
    this.reportReserved(r.team, r.month);
  }

  private async recordTallies(team: string, month: string, entry: SettleEntry, milli: number): Promise<void> {
    const { atomic } = this.store;
    const key = budgetKeys.spend(team, month);
    await atomic.incrementField(key, 'total', milli, MONTH_KEY_TTL_MS);
    await atomic.incrementField(key, `user:${entry.user}`, milli, MONTH_KEY_TTL_MS);
    await atomic.incrementField(key, `feature:${entry.feature}`, milli, MONTH_KEY_TTL_MS);
    try {
      this.observer?.spent?.({ team, feature: entry.feature, credits: milliToCredits(milli) });
    } catch {
      // a broken metric must never fail a settlement
    }
  }
}
