import type { Logger } from 'pino';
import { z } from 'zod';
import type { PricedOperation, SpendFeature } from '../ic/endpoints.ts';
import { creditsToMilli, milliToCredits, type PriceTable } from '../ic/prices.ts';
import type { Paid } from '../ic/schemas.ts';
import type { Store } from '../store/types.ts';

/** The budget guard's vocabulary (guard.ts re-exports all of it): requests, results, errors, reservations. */

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
  /** A lookup's reservation is released this long after it was made if nobody settled it. Default 15 min. */
  callReservationTtlMs?: number;
  /** The same for exports and batches (`reserve`), pushed back by `progress`. Default 24 h. */
  jobReservationTtlMs?: number;
  /** Told what is spent and held (metrics); its errors are ignored. */
  observer?: BudgetObserver;
}

/** What the guard reports as money moves. The guard knows nothing of Prometheus: main.ts wires it. */
export interface BudgetObserver {
  /** Credits newly recorded as spent (a settle, or a long job's progress). */
  spent?(event: { team: string; feature: SpendFeature; credits: number }): void;
  /** A workspace's credits now held and not yet settled (this month, every process). */
  reserved?(event: { team: string; credits: number }): void;
}

/**
 * Told once per workspace, month, budget and threshold when committed spend crosses it (in any
 * process sharing the store); subscribe with `BudgetGuard.onThresholdCrossed`.
 */
export type ThresholdListener = (crossing: ThresholdCrossing) => Promise<void> | void;

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

export function summarise(
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

export function parseReservation(reservation: unknown): Reservation {
  const parsed = reservationSchema.safeParse(reservation);
  if (!parsed.success) {
    throw new TypeError(
      'not a Reservation from BudgetGuard.reserve (needs team, month "YYYY-MM" and estimate >= 0)',
    );
  }
  return parsed.data;
}

export function checkedMilli(credits: number, name: string): number {
  if (typeof credits !== 'number' || !Number.isFinite(credits) || credits < 0) {
    throw new RangeError(`${name} must be a number of credits >= 0 (got ${String(credits)})`);
  }
  return creditsToMilli(credits);
}
