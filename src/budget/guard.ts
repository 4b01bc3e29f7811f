import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { IcError } from '../ic/errors.ts';
import {
  creditsToMilli,
  estimateCredits,
  milliToCredits,
  type PricedOperation,
  type PriceTable,
} from '../ic/prices.ts';
import type { Paid } from '../ic/schemas.ts';
import type { Store } from '../store/types.ts';
import { budgetKeys, MONTH_KEY_TTL_MS, monthOf } from './keys.ts';
import { DEFAULT_THRESHOLDS, readSettings } from './settings.ts';

/**
 * The one door every paid Influencers Club call goes through:
 *   estimate → reserve against the workspace's monthly budget (atomic) → reserve against the
 *   account's real balance → call → settle the reservation to the real `credits_cost` → record.
 * A refusal spends nothing and calls nothing. Amounts are kept in milli-credits so sums never drift.
 */

/** What a paid call was for, in the words the Home tab uses. */
export type SpendFeature =
  | 'creator'
  | 'email'
  | 'socials'
  | 'similar'
  | 'overlap'
  | 'posts'
  | 'discover'
  | 'export'
  | 'batch';

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
  threshold: number;
  status: BudgetStatus;
}

export interface AccountSource {
  credits(): Promise<{ creditsAvailable: number; creditsUsed: number }>;
  readonly prices: PriceTable;
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
  /** Called once per workspace, month and threshold when committed spend crosses it. */
  onThreshold?: (crossing: ThresholdCrossing) => Promise<void>;
}

/** A reservation held across a long job (batches): settled as the job reports what it used. */
export interface Reservation {
  readonly team: string;
  readonly month: string;
  readonly estimate: number;
}

export class BudgetGuard {
  private readonly store: Store;
  private readonly account: AccountSource;
  private readonly log: Logger;
  private readonly defaultBudget: number;
  private readonly clock: () => number;
  private readonly balanceTtlMs: number;
  private readonly onThreshold: ((crossing: ThresholdCrossing) => Promise<void>) | undefined;

  constructor(options: BudgetGuardOptions) {
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

  estimate(operation: PricedOperation, params: unknown): number {
    return estimateCredits(operation, params as never, this.account.prices);
  }

  /** Run one paid call under the budget. Throws BudgetExceededError / AccountCreditsError before calling. */
  async spend<T>(request: SpendRequest<T>): Promise<SpendResult<T>> {
    const estimate = this.estimate(request.operation, request.params);
    const reservation = await this.reserve(request.team, estimate);
    let result: Paid<T>;
    try {
      result = await request.call();
    } catch (error) {
      // Credits are charged only when data comes back (API reference §1.3), so a failed call is
      // released — unless it failed after the request was sent in a way that may still have been
      // billed (a timeout on a paid POST). Then it is counted at the estimate: never under-count.
      const mayHaveCharged = !(error instanceof IcError) || error.mayHaveCharged;
      await this.settle(reservation, mayHaveCharged ? estimate : 0, {
        user: request.user,
        feature: request.feature,
        operation: request.operation,
        summary: request.summary,
        uncertain: mayHaveCharged,
      });
      throw error;
    }
    await this.settle(reservation, result.creditsCost, {
      user: request.user,
      feature: request.feature,
      operation: request.operation,
      summary: request.summary,
    });
    return { data: result.data, creditsCost: result.creditsCost, estimate };
  }

  /**
   * Reserve `estimate` credits for a workspace: first its monthly budget, then the account balance.
   * Both are atomic in the store, so concurrent calls (even from several Scout processes sharing
   * Redis) can never together exceed either.
   */
  async reserve(team: string, estimate: number): Promise<Reservation> {
    const now = this.clock();
    const month = monthOf(now);
    const amount = creditsToMilli(estimate);
    const limit = await this.limitFor(team);
    const budget = await this.store.atomic.reserve(
      budgetKeys.committed(team, month),
      amount,
      creditsToMilli(limit),
      MONTH_KEY_TTL_MS,
    );
    if (!budget.ok) {
      throw new BudgetExceededError(estimate, await this.status(team));
    }
    try {
      await this.reserveAccount(amount, estimate);
    } catch (error) {
      await this.store.atomic.adjust(budgetKeys.committed(team, month), -amount, MONTH_KEY_TTL_MS);
      throw error;
    }
    return { team, month, estimate };
  }

  /**
   * Settle a reservation to what was really spent and record it. Used by `spend` and, for batches,
   * when a job reports its final `credits_used`.
   */
  async settle(
    reservation: Reservation,
    actual: number,
    entry: Pick<SpendEntry, 'user' | 'feature' | 'operation' | 'summary'> & { uncertain?: boolean },
  ): Promise<void> {
    const { team, month } = reservation;
    const reserved = creditsToMilli(reservation.estimate);
    const spent = creditsToMilli(actual);
    const { atomic } = this.store;
    await atomic.adjust(budgetKeys.committed(team, month), spent - reserved, MONTH_KEY_TTL_MS);
    await atomic.adjust(budgetKeys.accountInFlight, -reserved);
    if (spent > 0) {
      // The balance moved: ask /accounts/credits/ again before the next call.
      await this.store.kv.delete(budgetKeys.accountBalance);
      const key = budgetKeys.spend(team, month);
      await atomic.incrementField(key, 'total', spent, MONTH_KEY_TTL_MS);
      await atomic.incrementField(key, `user:${entry.user}`, spent, MONTH_KEY_TTL_MS);
      await atomic.incrementField(key, `feature:${entry.feature}`, spent, MONTH_KEY_TTL_MS);
      const record: SpendEntry = {
        at: this.clock(),
        team,
        user: entry.user,
        feature: entry.feature,
        operation: entry.operation,
        summary: entry.summary.slice(0, 200),
        estimate: reservation.estimate,
        actual,
        ...(entry.uncertain ? { uncertain: true } : {}),
      };
      await atomic.appendLog(budgetKeys.spendLog(team, month), JSON.stringify(record), 500, MONTH_KEY_TTL_MS);
      if (entry.uncertain) {
        this.log.warn(
          { team, feature: entry.feature, estimate: reservation.estimate },
          'paid call failed after sending; counted at its estimate',
        );
      }
    }
    await this.checkThresholds(team, month);
  }

  /** Budget summary for a workspace this month (Home tab, /credits, refusals). */
  async status(team: string): Promise<BudgetStatus> {
    const month = monthOf(this.clock());
    const limit = await this.limitFor(team);
    const committed = milliToCredits(await this.store.atomic.read(budgetKeys.committed(team, month)));
    const fields = await this.store.atomic.readFields(budgetKeys.spend(team, month));
    const spent = milliToCredits(fields.total ?? 0);
    const remaining = Math.max(0, limit - committed);
    return {
      month,
      limit,
      committed,
      spent,
      reserved: Math.max(0, milliToCredits(creditsToMilli(committed) - creditsToMilli(spent))),
      remaining: milliToCredits(creditsToMilli(remaining)),
      fraction: limit > 0 ? committed / limit : committed > 0 ? 1 : 0,
    };
  }

  /** Spend this month broken down by user and by feature, in credits. */
  async breakdown(
    team: string,
  ): Promise<{ byUser: Record<string, number>; byFeature: Record<string, number> }> {
    const fields = await this.store.atomic.readFields(budgetKeys.spend(team, monthOf(this.clock())));
    const byUser: Record<string, number> = {};
    const byFeature: Record<string, number> = {};
    for (const [field, milli] of Object.entries(fields)) {
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

  /** The account's balance, cached for about a minute (refreshed after any spend). */
  async accountBalance(): Promise<{ creditsAvailable: number; creditsUsed: number; fetchedAt: number }> {
    const cached = (await this.store.kv.get(budgetKeys.accountBalance)) as
      | { creditsAvailable: number; creditsUsed: number; fetchedAt: number }
      | undefined;
    if (cached && typeof cached.creditsAvailable === 'number') return cached;
    const fresh = { ...(await this.account.credits()), fetchedAt: this.clock() };
    await this.store.kv.set(budgetKeys.accountBalance, fresh, this.balanceTtlMs);
    return fresh;
  }

  async limitFor(team: string): Promise<number> {
    const settings = await readSettings(this.store, team);
    return settings.budget ?? this.defaultBudget;
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

  private async checkThresholds(team: string, month: string): Promise<void> {
    if (!this.onThreshold) return;
    const settings = await readSettings(this.store, team);
    const thresholds = settings.thresholds ?? [...DEFAULT_THRESHOLDS];
    const status = await this.status(team);
    if (status.month !== month) return;
    const crossed = thresholds.filter((t) => status.committed > 0 && status.fraction * 100 >= t);
    for (const threshold of crossed) {
      // A fresh owner per attempt: only the first claimant (in any process) gets the lease.
      const first = await this.store.atomic.acquireLease(
        budgetKeys.alertSent(team, month, threshold),
        randomUUID(),
        40 * 24 * 60 * 60 * 1000,
      );
      if (!first) continue;
      try {
        await this.onThreshold({ team, month, threshold, status });
      } catch (error) {
        this.log.error({ err: error, team, threshold }, 'budget notice could not be posted');
      }
    }
  }
}
