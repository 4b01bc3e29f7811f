import { creditsToMilli, milliToCredits } from '../ic/prices.ts';
import type { Store } from '../store/types.ts';
import { budgetKeys } from './keys.ts';
import { type AccountBalance, AccountCreditsError, type AccountSource } from './types.ts';

interface CachedBalance extends AccountBalance {
  /** Wall-clock deadline of the stored copy (the store's TTL), kept when the copy is updated. */
  storedUntil: number;
}

/**
 * The Influencers Club account's balance as the guard sees it: a copy cached in the store (shared
 * by every process), what Scout spends taken off it at once, and in-flight holds against it.
 */
export class AccountBalanceCache {
  readonly #store: Store;
  readonly #account: AccountSource;
  readonly #clock: () => number;
  readonly #ttlMs: number;
  /** One /accounts/credits/ request at a time in this process; concurrent callers share it. */
  #fetch: Promise<AccountBalance> | null = null;

  constructor(store: Store, account: AccountSource, clock: () => number, ttlMs: number) {
    this.#store = store;
    this.#account = account;
    this.#clock = clock;
    this.#ttlMs = ttlMs;
  }

  /**
   * The balance, cached for about a minute. What Scout spends is taken off the cached copy at once,
   * so it stays current without asking /accounts/credits/ after every call (that request counts
   * against the 300/min limit, api-ref#rate-limit); the API is asked again when the copy expires,
   * which also picks up spending outside Scout.
   */
  async get(): Promise<AccountBalance> {
    const cached = (await this.#store.kv.get(budgetKeys.accountBalance)) as
      | Partial<CachedBalance>
      | undefined;
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
    if (!this.#fetch) {
      this.#fetch = (async () => {
        const fresh = { ...(await this.#account.credits()), fetchedAt: this.#clock() };
        // The store's TTL runs on the wall clock; keep its deadline to carry it over on updates.
        const entry: CachedBalance = { ...fresh, storedUntil: Date.now() + this.#ttlMs };
        await this.#store.kv.set(budgetKeys.accountBalance, entry, this.#ttlMs);
        return fresh;
      })().finally(() => {
        this.#fetch = null;
      });
    }
    return this.#fetch;
  }

  /**
   * Best effort: two processes deducting at once may lose one update, leaving the copy a little
   * high until it expires (at most a minute); the API still refuses what the account cannot pay.
   */
  async deduct(milli: number): Promise<void> {
    const store = this.#store;
    const cached = (await store.kv.get(budgetKeys.accountBalance)) as Partial<CachedBalance> | undefined;
    if (!cached || typeof cached.creditsAvailable !== 'number' || typeof cached.creditsUsed !== 'number')
      return;
    const ttlMs = (cached.storedUntil ?? 0) - Date.now();
    if (ttlMs <= 0) {
      await store.kv.delete(budgetKeys.accountBalance);
      return;
    }
    const next: CachedBalance = {
      creditsAvailable: milliToCredits(creditsToMilli(cached.creditsAvailable) - milli),
      creditsUsed: milliToCredits(creditsToMilli(cached.creditsUsed) + milli),
      fetchedAt: cached.fetchedAt ?? this.#clock(),
      storedUntil: cached.storedUntil ?? Date.now(),
    };
    await store.kv.set(budgetKeys.accountBalance, next, ttlMs);
  }

  /** Hold `amount` milli-credits against the balance, or throw AccountCreditsError. */
  async hold(amount: number, estimate: number): Promise<void> {
    let available: number;
    try {
      available = (await this.get()).creditsAvailable;
    } catch (error) {
      throw new AccountCreditsError(estimate, null, error);
    }
    // In-flight reservations from every workspace count against the balance, so two calls that
    // each fit cannot together overdraw it. Best effort: the API still enforces its own balance.
    const account = await this.#store.atomic.reserve(
      budgetKeys.accountInFlight,
      amount,
      creditsToMilli(available),
    );
    if (!account.ok) throw new AccountCreditsError(estimate, available);
  }
}
