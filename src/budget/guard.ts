import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { z } from 'zod';
import { type PricedOperation, priceRule, type SpendFeature } from '../ic/endpoints.ts';
import { IcError } from '../ic/errors.ts';
import { creditsToMilli, milliToCredits, type PriceTable, roundCredits } from '../ic/prices.ts';
import type { Paid } from '../ic/schemas.ts';
import type { Store } from '../store/types.ts';
import { budgetKeys, MONTH_KEY_TTL_MS, monthOf } from './keys.ts';
import { DEFAULT_THRESHOLDS, readSettings } from './settings.ts';

/**
 * The one door every paid Influencers Club call goes through:
 *   estimate → reserve against the workspace's monthly budget (atomic) → reserve against the
 *   account's real balance → call → settle the reservation to the real `credits_cost` → record.
 * A refusal spends nothing and calls nothing. Amounts are kept in milli-credits so sums never drift.
 *
 * Every counter lives in the store and changes atomically there, so any number of concurrent
 * calls, in any number of Scout processes sharing one Redis, can never together exceed a budget.
 */

/** What a paid call was for; App Home's names for them are in the endpoint table (endpoints.ts). */
export type { SpendFeature };

export interface SpendRequest<T> {
  team: string;
  user: string;
  feature: SpendFeature;
  operation: PricedOperation;
  /** The request as it will be sent; the estimate is computed from it. */
  params: unknown;
  /** A short human description for the spend log: "@example_creator on Instagram". */
  summary: string;
  call: () => Promise<Paid<T>>;
}

export interface SpendResult<T> {
  data: T;
  creditsCost: number;
  estimate: number;
}

export interface BudgetStatus {
  month: string;
  /** Budget for the month, credits. */
  limit: number;
  /** Reserved or spent this month, credits. */
  committed: number;
  /** Settled spend this month, credits. */
  spent: number;
  /** committed − spent: held for calls and batches still running. */
  reserved: number;
  remaining: number;
  /** committed / limit, 0–1+ (1 when the limit is 0 and anything was committed). */
  fraction: number;
}

export interface SpendEntry {
  at: number;
  team: string;
  user: string;
  feature: SpendFeature;
  operation: PricedOperation | 'batch';
  summary: string;
  estimate: number;
  actual: number;
  /** The call failed in a way that may still have been billed (timeout after sending): counted at the estimate. */
  uncertain?: boolean;
}

/** Who and what a settlement is for, as recorded in the spend log. */
export type SettleEntry = Pick<SpendEntry, 'user' | 'feature' | 'operation' | 'summary'> & {
  uncertain?: boolean;
};

/** Refused by the workspace's monthly budget. Nothing was called or spent. */
export class BudgetExceededError extends Error {
  override readonly name = 'BudgetExceededError';
  readonly estimate: number;
  readonly status: BudgetStatus;
  constructor(estimate: number, status: BudgetStatus) {
    super(
      `budget exceeded: needs ${estimate}, ${status.remaining} of ${status.limit} left for ${status.month}`,
    );
    this.estimate = estimate;
    this.status = status;
  }
}

/** Refused because the Influencers Club account itself cannot cover the call. Nothing was called. */
export class AccountCreditsError extends Error {
  override readonly name = 'AccountCreditsError';
  readonly estimate: number;
  /** Credits available on the account, or null when the balance could not be read. */
  readonly available: number | null;
  constructor(estimate: number, available: number | null, cause?: unknown) {
    super(
      available === null
        ? 'could not read the account balance'
        : `account balance too low: needs ${estimate}, ${available} available`,
      cause === undefined ? undefined : { cause },
    );
    this.estimate = estimate;
    this.available = available;
  }
}

export interface ThresholdCrossing {
  team: string;
  month: string;
  /** The highest threshold crossed by this change (lower ones crossed at the same time are not repeated). */
  threshold: number;
  status: BudgetStatus;
}

export interface AccountSource {
  credits(): Promise<{ creditsAvailable: number; creditsUsed: number }>;
  readonly prices: PriceTable;
}

export interface AccountBalance {
  creditsAvailable: number;
  creditsUsed: number;
  /** When /accounts/credits/ was asked (guard clock). */
  fetchedAt: number;
}

export interface BudgetGuardOptions {
  store: Store;
  account: AccountSource;
  log: Logger;
  /** CREDIT_BUDGET_DEFAULT: credits per workspace per month unless an admin set another. */
  defaultBudget: number;
  clock?: () => number;
  /** How long the account balance is trusted before /accounts/credits/ is asked again. */
  balanceTtlMs?: number;
  /**
   * Called once per workspace, month, budget and threshold when committed spend crosses it (in any
   * process sharing the store). Runs in the background: a slow Slack never delays a lookup.
   */
  onThreshold?: (crossing: ThresholdCrossing) => Promise<void>;
}

/**
 * A reservation held across a long job (batches): plain data, so it can be stored with the job and
 * progressed or settled later by another process (after a restart). It always settles the month it
 * was reserved in.
 */
export const reservationSchema = z.object({
  /**
   * Makes `settle` once-only and lets `progress` record partial spend. Keep it when storing the
   * reservation (parse it with this schema). One stored without it can still be settled, but then
   * the caller must make sure that happens once, and `progress` refuses it.
   */
  id: z.string().min(1).optional(),
  team: z.string().min(1),
  month: z.string().regex(/^\d{4}-\d{2}$/),
  estimate: z.number().finite().nonnegative(),
});
export type Reservation = Readonly<z.infer<typeof reservationSchema>>;

interface CachedBalance extends AccountBalance {
  /** Wall-clock deadline of the stored copy (the store's TTL), kept when the copy is updated. */
  storedUntil: number;
}

/** Kept well past a month so a late settlement of last month's batch is still recognised. */
const SETTLED_CLAIM_TTL_MS = MONTH_KEY_TTL_MS;
const NOTICE_CLAIM_TTL_MS = 40 * 24 * 60 * 60 * 1000;

export class BudgetGuard {
  private readonly store: Store;
  private readonly account: AccountSource;
  private readonly log: Logger;
  private readonly defaultBudget: number;
  private readonly clock: () => number;
  private readonly balanceTtlMs: number;
  private readonly onThreshold: ((crossing: ThresholdCrossing) => Promise<void>) | undefined;
  /** One /accounts/credits/ request at a time in this process; concurrent callers share it. */
  private balanceFetch: Promise<AccountBalance> | null = null;
  /** Threshold claims this process already tried: no store round trip on every later call. */
  private readonly noticeTried = new Set<string>();
  private readonly background = new Set<Promise<void>>();

  constructor(options: BudgetGuardOptions) {
    if (!Number.isFinite(options.defaultBudget) || options.defaultBudget < 0) {
      throw new RangeError('BudgetGuardOptions.defaultBudget must be a number of credits >= 0');
    }
    this.store = options.store;
    this.account = options.account;
    this.log = options.log.child({ component: 'budget' });
    this.defaultBudget = options.defaultBudget;
    this.clock = options.clock ?? Date.now;
    this.balanceTtlMs = options.balanceTtlMs ?? 60_000;
    this.onThreshold = options.onThreshold;
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
    const reservation = await this.reserveBudget(request.team, estimate);
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
      await this.settleQuietly(reservation, uncertain ? estimate : 0, { ...entry, uncertain }, 0);
      throw error;
    }
    await this.settleQuietly(reservation, result.creditsCost, entry, 0);
    return { data: result.data, creditsCost: result.creditsCost, estimate };
  }

  /**
   * Reserve `estimate` credits for a workspace: first its monthly budget, then the account balance.
   * Both are atomic in the store, so concurrent calls (even from several Scout processes sharing
   * Redis) can never together exceed either. For long jobs: store the returned Reservation with the
   * job, call `progress` as the job reports what it used, and `settle` once at the end.
   */
  async reserve(team: string, estimate: number): Promise<Reservation> {
    const reservation = await this.reserveBudget(team, estimate);
    // A big reservation (a batch) can cross a threshold before anything is settled.
    this.checkThresholdsLater(team, reservation.month);
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
    const { atomic } = this.store;
    if ((await atomic.leaseHolder(budgetKeys.reservationSettled(r.id))) !== null) return 0;
    const key = budgetKeys.reservationRecorded(r.id);
    const held = creditsToMilli(r.estimate);
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
      await this.deductFromCachedBalance(delta);
      if (freed > 0) await atomic.adjust(budgetKeys.accountInFlight, -freed);
      await this.recordTallies(r.team, r.month, entry, delta);
      this.checkThresholdsLater(r.team, r.month);
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
    const first = await this.store.atomic.acquireLease(
      budgetKeys.reservationSettled(r.id),
      randomUUID(),
      SETTLED_CLAIM_TTL_MS,
    );
    if (!first) {
      this.log.info({ team: r.team, reservation: r.id }, 'reservation already settled; ignored');
      return false;
    }
    const recorded = await this.store.atomic.read(budgetKeys.reservationRecorded(r.id));
    await this.finish(r, actual, entry, recorded);
    return true;
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

  /**
   * The account's balance, cached for about a minute in the store (shared by every process). What
   * Scout spends is taken off the cached copy at once, so it stays current without asking
   * /accounts/credits/ after every call (that request counts against the 300/min limit, api-ref#rate-limit); the
   * API is asked again when the copy expires, which also picks up spending outside Scout.
   * Discovery's 10 % cap and /credits read it.
   */
  async accountBalance(): Promise<AccountBalance> {
    const cached = (await this.store.kv.get(budgetKeys.accountBalance)) as Partial<CachedBalance> | undefined;
    if (
      cached &&
      typeof cached.creditsAvailable === 'number' &&
      typeof cached.creditsUsed === 'number' &&
      typeof cached.fetchedAt === 'number'
    ) {
      return {
        creditsAvailable: cached.creditsAvailable,
        creditsUsed: cached.creditsUsed,
        fetchedAt: cached.fetchedAt,
      };
    }
    if (!this.balanceFetch) {
      this.balanceFetch = (async () => {
        const fresh = { ...(await this.account.credits()), fetchedAt: this.clock() };
        // The store's TTL runs on the wall clock; keep its deadline to carry it over on updates.
        const entry: CachedBalance = { ...fresh, storedUntil: Date.now() + this.balanceTtlMs };
        await this.store.kv.set(budgetKeys.accountBalance, entry, this.balanceTtlMs);
        return fresh;
      })().finally(() => {
        this.balanceFetch = null;
      });
    }
    return this.balanceFetch;
  }

  async limitFor(team: string): Promise<number> {
    const settings = await readSettings(this.store, team);
    return settings.budget ?? this.defaultBudget;
  }

  /** Resolves once budget notices started so far have been posted (tests, shutdown). */
  async flush(): Promise<void> {
    while (this.background.size > 0) await Promise.allSettled([...this.background]);
  }

  private async reserveBudget(team: string, estimate: number): Promise<Reservation> {
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
      if (amount > 0) await this.reserveAccount(amount, estimate);
    } catch (error) {
      await this.store.atomic.adjust(budgetKeys.committed(team, month), -amount, MONTH_KEY_TTL_MS);
      throw error;
    }
    return { id: randomUUID(), team, month, estimate: milliToCredits(amount) };
  }

  /**
   * Best effort: two processes deducting at once may lose one update, leaving the copy a little
   * high until it expires (at most a minute); the API still refuses what the account cannot pay.
   */
  private async deductFromCachedBalance(milli: number): Promise<void> {
    const cached = (await this.store.kv.get(budgetKeys.accountBalance)) as Partial<CachedBalance> | undefined;
    if (!cached || typeof cached.creditsAvailable !== 'number' || typeof cached.creditsUsed !== 'number')
      return;
    const ttlMs = (cached.storedUntil ?? 0) - Date.now();
    if (ttlMs <= 0) {
      await this.store.kv.delete(budgetKeys.accountBalance);
      return;
    }
    const next: CachedBalance = {
      creditsAvailable: milliToCredits(creditsToMilli(cached.creditsAvailable) - milli),
      creditsUsed: milliToCredits(creditsToMilli(cached.creditsUsed) + milli),
      fetchedAt: cached.fetchedAt ?? this.clock(),
      storedUntil: cached.storedUntil ?? Date.now(),
    };
    await this.store.kv.set(budgetKeys.accountBalance, next, ttlMs);
  }

  private async reserveAccount(amount: number, estimate: number): Promise<void> {
    let available: number;
    try {
      available = (await this.accountBalance()).creditsAvailable;
    } catch (error) {
      throw new AccountCreditsError(estimate, null, error);
    }
    // In-flight reservations from every workspace count against the balance, so two calls that
    // each fit cannot together overdraw it. Best effort: the API still enforces its own balance.
    const account = await this.store.atomic.reserve(
      budgetKeys.accountInFlight,
      amount,
      creditsToMilli(available),
    );
    if (!account.ok) throw new AccountCreditsError(estimate, available);
  }

  /** A store failure after the call must not lose the user's answer: the budget stays counted at the estimate. */
  private async settleQuietly(
    reservation: Reservation,
    actual: number,
    entry: SettleEntry,
    recorded: number,
  ): Promise<void> {
    try {
      await this.finish(reservation, actual, entry, recorded);
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
  private async finish(r: Reservation, actual: number, entry: SettleEntry, recorded: number): Promise<void> {
    const { atomic } = this.store;
    const held = creditsToMilli(r.estimate);
    const spent = creditsToMilli(actual);
    // Committed holds max(estimate, recorded) for this reservation; it becomes what was spent.
    const committedDelta = spent - Math.max(held, recorded);
    if (committedDelta !== 0) {
      await atomic.adjust(budgetKeys.committed(r.team, r.month), committedDelta, MONTH_KEY_TTL_MS);
    }
    const spendDelta = spent - recorded;
    // Take the spend off the cached balance before releasing the hold, so no moment counts it twice
    // as available.
    if (spendDelta > 0) await this.deductFromCachedBalance(spendDelta);
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
    this.checkThresholdsLater(r.team, r.month);
  }

  private async recordTallies(team: string, month: string, entry: SettleEntry, milli: number): Promise<void> {
    const { atomic } = this.store;
    const key = budgetKeys.spend(team, month);
    await atomic.incrementField(key, 'total', milli, MONTH_KEY_TTL_MS);
    await atomic.incrementField(key, `user:${entry.user}`, milli, MONTH_KEY_TTL_MS);
    await atomic.incrementField(key, `feature:${entry.feature}`, milli, MONTH_KEY_TTL_MS);
  }

  private checkThresholdsLater(team: string, month: string): void {
    if (!this.onThreshold) return;
    const task = this.checkThresholds(team, month)
      .catch((error: unknown) => {
        this.log.error({ err: error, team }, 'budget notice could not be posted');
      })
      .finally(() => {
        this.background.delete(task);
      });
    this.background.add(task);
  }

  private async checkThresholds(team: string, month: string): Promise<void> {
    const notify = this.onThreshold;
    // A batch from last month settling late does not warn about a month that is over.
    if (!notify || month !== monthOf(this.clock())) return;
    const settings = await readSettings(this.store, team);
    const limit = settings.budget ?? this.defaultBudget;
    const limitMilli = creditsToMilli(limit);
    const committedMilli = await this.store.atomic.read(budgetKeys.committed(team, month));
    if (committedMilli <= 0) return;
    const thresholds = settings.thresholds ?? [...DEFAULT_THRESHOLDS];
    // Integer arithmetic: 8 of 10 is exactly 80 %.
    const crossed = thresholds.filter((t) => committedMilli * 100 >= t * limitMilli);
    let highest: number | null = null;
    for (const threshold of crossed) {
      const key = budgetKeys.alertSent(team, month, threshold, limit);
      if (this.noticeTried.has(key)) continue;
      // A fresh owner per attempt: only the first claimant (in any process) gets the lease.
      const first = await this.store.atomic.acquireLease(key, randomUUID(), NOTICE_CLAIM_TTL_MS);
      this.noticeTried.add(key);
      if (first) highest = Math.max(highest ?? 0, threshold);
    }
    if (highest === null) return;
    await notify({ team, month, threshold: highest, status: await this.status(team, month) });
  }
}

function summarise(
  month: string,
  limitMilli: number,
  committedMilli: number,
  spentMilli: number,
): BudgetStatus {
  return {
    month,
    limit: milliToCredits(limitMilli),
    committed: milliToCredits(committedMilli),
    spent: milliToCredits(spentMilli),
    reserved: milliToCredits(Math.max(0, committedMilli - spentMilli)),
    remaining: milliToCredits(Math.max(0, limitMilli - committedMilli)),
    fraction: limitMilli > 0 ? committedMilli / limitMilli : committedMilli > 0 ? 1 : 0,
  };
}

function parseReservation(reservation: unknown): Reservation {
  const parsed = reservationSchema.safeParse(reservation);
  if (!parsed.success) {
    throw new TypeError(
      'not a Reservation from BudgetGuard.reserve (needs team, month "YYYY-MM" and estimate >= 0)',
    );
  }
  return parsed.data;
}

function checkedMilli(credits: number, name: string): number {
  if (typeof credits !== 'number' || !Number.isFinite(credits) || credits < 0) {
    throw new RangeError(`${name} must be a number of credits >= 0 (got ${String(credits)})`);
  }
  return creditsToMilli(credits);
}
