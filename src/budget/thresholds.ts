import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { creditsToMilli } from '../ic/prices.ts';
import type { Store } from '../store/types.ts';
import { budgetKeys, monthOf } from './keys.ts';
import { DEFAULT_THRESHOLDS, readSettings } from './settings.ts';
import type { BudgetStatus, ThresholdListener } from './types.ts';

const NOTICE_CLAIM_TTL_MS = 40 * 24 * 60 * 60 * 1000;

export interface ThresholdNoticesOptions {
  store: Store;
  log: Logger;
  clock: () => number;
  defaultBudget: number;
  status: (team: string, month: string) => Promise<BudgetStatus>;
}

/**
 * Budget threshold notices: after spend changes, checks (in the background: a slow Slack never
 * delays a lookup) whether committed spend crossed a threshold, claims each crossing once across
 * every process sharing the store, and tells the subscribed listeners.
 */
export class ThresholdNotices {
  readonly #o: ThresholdNoticesOptions;
  readonly #listeners = new Set<ThresholdListener>();
  /** Threshold claims this process already tried: no store round trip on every later call. */
  readonly #tried = new Set<string>();
  readonly #background = new Set<Promise<void>>();

  constructor(options: ThresholdNoticesOptions) {
    this.#o = options;
  }

  subscribe(listener: ThresholdListener): () => void {
    // A wrapper per subscription, so subscribing the same function twice is two subscriptions.
    const entry: ThresholdListener = (crossing) => listener(crossing);
    this.#listeners.add(entry);
    return () => {
      this.#listeners.delete(entry);
    };
  }

  /** Check in the background; nothing is claimed while nobody listens (as before subscriptions). */
  checkLater(team: string, month: string): void {
    if (this.#listeners.size === 0) return;
    const task = this.#check(team, month)
      .catch((error: unknown) => {
        this.#o.log.error({ err: error, team }, 'budget notice could not be posted');
      })
      .finally(() => {
        this.#background.delete(task);
      });
    this.#background.add(task);
  }

  async flush(): Promise<void> {
    while (this.#background.size > 0) await Promise.allSettled([...this.#background]);
  }

  async #check(team: string, month: string): Promise<void> {
    const { store, clock } = this.#o;
    // A batch from last month settling late does not warn about a month that is over.
    if (month !== monthOf(clock())) return;
    const settings = await readSettings(store, team);
    const limit = settings.budget ?? this.#o.defaultBudget;
    const limitMilli = creditsToMilli(limit);
    const committedMilli = await store.atomic.read(budgetKeys.committed(team, month));
    if (committedMilli <= 0) return;
    const thresholds = settings.thresholds ?? [...DEFAULT_THRESHOLDS];
    // Integer arithmetic: 8 of 10 is exactly 80 %.
    const crossed = thresholds.filter((t) => committedMilli * 100 >= t * limitMilli);
    let highest: number | null = null;
    for (const threshold of crossed) {
      const key = budgetKeys.alertSent(team, month, threshold, limit);
      if (this.#tried.has(key)) continue;
      // A fresh owner per attempt: only the first claimant (in any process) gets the lease.
      const first = await store.atomic.acquireLease(key, randomUUID(), NOTICE_CLAIM_TTL_MS);
      this.#tried.add(key);
      if (first) highest = Math.max(highest ?? 0, threshold);
    }
    if (highest === null) return;
    const crossing = { team, month, threshold: highest, status: await this.#o.status(team, month) };
    // Every listener hears it; one failing (Slack down) neither stops the others nor reaches the paid call.
    await Promise.all(
      [...this.#listeners].map(async (listener) => {
        try {
          await listener(crossing);
        } catch (error) {
          this.#o.log.error({ err: error, team }, 'budget notice could not be posted');
        }
      }),
    );
  }
}
