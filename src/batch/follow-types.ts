import type { Logger } from 'pino';
import type { BudgetGuard } from '../budget/guard.ts';
import type { InfluencersClubClient } from '../ic/client.ts';
import type { Store } from '../store/types.ts';
import type { BatchJob } from './jobs.ts';
import type { BatchReporter } from './reporter.ts';
import type { ResultsFile } from './results.ts';

/** What following a job needs and answers (src/batch/follow.ts, src/batch/finish.ts). */

export interface FollowDeps {
  store: Store;
  ic: InfluencersClubClient;
  guard: BudgetGuard;
  log: Logger;
  clock: () => number;
  reporter: BatchReporter;
  /**
   * Downloads a finished batch's results as the CSV to upload. Default: fetchResults on this thread
   * with `ic`; Scout runs it in a worker thread with a small heap (src/batch/results-isolated.ts).
   */
  results?: (job: BatchJob, onFallback: (error: unknown) => void) => Promise<ResultsFile>;
}

export interface FollowControl {
  /** Renews this process's lease on the job; false when another process took it over. */
  stillMine(): Promise<boolean>;
  /** One API request from the shared per-minute budget; false when it is spent. */
  takeRequest(): Promise<boolean>;
}

export type FollowOutcome =
  /** Still running at the API: look again after the interval. */
  | 'running'
  /** Paused for credits: look again, less often. */
  | 'paused'
  /** The request budget for this minute is spent: look again soon. */
  | 'throttled'
  /** Another process holds the job now. */
  | 'lost'
  /** Reported and retired (or gone): stop following. */
  | 'done';
