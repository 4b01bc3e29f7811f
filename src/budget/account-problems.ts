import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { IcAuthError, IcMisconfiguredError } from '../ic/errors.ts';
import type { Store } from '../store/types.ts';
import { AccountCreditsError } from './types.ts';

/**
 * Problems with the Influencers Club account itself that no user can fix and every user would hit:
 * the API key refused (401/403, api-ref#errors) or a base URL that is not the API (a non-JSON 404,
 * api-ref#transport). The core raises them here; whoever subscribes (the Slack layer's admin
 * notice, wired in main.ts) tells the admins. Each kind is announced once a day across every
 * process sharing the store, so a hundred failing commands are one alert, not a hundred.
 */

export type AccountProblemKind = 'key_refused' | 'misconfigured';

export interface AccountProblem {
  kind: AccountProblemKind;
  /** UTC day of the claim: "2026-11-10". */
  day: string;
  /** The client operation that met it (`credits`, `enrichHandleFull`…). */
  operation: string;
  status: number | undefined;
}

export type AccountProblemListener = (problem: AccountProblem) => Promise<void> | void;

/** The account problem behind `error`, looking through the guard's balance refusal to its cause. */
export function accountProblemOf(error: unknown): AccountProblemKind | null {
  const inner = error instanceof AccountCreditsError && error.available === null ? error.cause : error;
  if (inner instanceof IcAuthError) return 'key_refused';
  if (inner instanceof IcMisconfiguredError) return 'misconfigured';
  return null;
}

/** Claims live a little over a day: long enough to cover the UTC day they name. */
const CLAIM_TTL_MS = 36 * 60 * 60 * 1000;

const accountProblemKey = (kind: AccountProblemKind, day: string) => `account:problem:${kind}:${day}`;

export class AccountProblems {
  readonly #store: Store;
  readonly #log: Logger;
  readonly #clock: () => number;
  readonly #listeners = new Set<AccountProblemListener>();
  /** Claims this process already tried: a failing key does not cost a store round trip per call. */
  readonly #tried = new Set<string>();
  readonly #background = new Set<Promise<void>>();

  constructor(options: { store: Store; log: Logger; clock?: () => number }) {
    this.#store = options.store;
    this.#log = options.log.child({ component: 'account-problems' });
    this.#clock = options.clock ?? Date.now;
  }

  /** Be told (once a day per kind, across processes) about an account problem. Returns an unsubscribe. */
  subscribe(listener: AccountProblemListener): () => void {
    const entry: AccountProblemListener = (problem) => listener(problem);
    this.#listeners.add(entry);
    return () => {
      this.#listeners.delete(entry);
    };
  }

  /**
   * Look at a failure; when it is an account problem, claim and announce it in the background (a
   * slow Slack never delays the failing call's own answer). Anything else is ignored.
   */
  report(error: unknown): void {
    const kind = accountProblemOf(error);
    if (kind === null || this.#listeners.size === 0) return;
    const inner = error instanceof AccountCreditsError ? error.cause : error;
    const { operation, status } = inner as IcAuthError | IcMisconfiguredError;
    const day = new Date(this.#clock()).toISOString().slice(0, 10);
    const key = accountProblemKey(kind, day);
    if (this.#tried.has(key)) return;
    this.#tried.add(key);
    const task = this.#announce(key, { kind, day, operation, status })
      .catch((failure: unknown) => {
        this.#log.error({ err: failure, kind }, 'account problem notice failed');
      })
      .finally(() => {
        this.#background.delete(task);
      });
    this.#background.add(task);
  }

  /** Resolves once the notices started so far are done (tests, shutdown). */
  async flush(): Promise<void> {
    while (this.#background.size > 0) await Promise.allSettled([...this.#background]);
  }

  async #announce(key: string, problem: AccountProblem): Promise<void> {
    const first = await this.#store.atomic.acquireLease(key, randomUUID(), CLAIM_TTL_MS);
    this.#log.error(
      { kind: problem.kind, operation: problem.operation, status: problem.status, announcing: first },
      problem.kind === 'key_refused'
        ? 'Influencers Club refuses the API key (INFLUENCERS_CLUB_API_KEY)'
        : 'INFLUENCERS_CLUB_API_URL does not answer like the Influencers Club API',
    );
    if (!first) return;
    await Promise.all(
      [...this.#listeners].map(async (listener) => {
        try {
          await listener(problem);
        } catch (failure) {
          this.#log.error({ err: failure, kind: problem.kind }, 'account problem notice failed');
        }
      }),
    );
  }
}
