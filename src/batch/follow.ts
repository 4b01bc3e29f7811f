import type { Logger } from 'pino';
import type { BudgetGuard } from '../budget/guard.ts';
import type { BatchStatus, InfluencersClubClient } from '../ic/client.ts';
import { IcNotFoundError } from '../ic/errors.ts';
import { claimOnce } from '../store/claims.ts';
import type { Store } from '../store/types.ts';
import { type BatchJob, batchKeys, loadJob, retireJob, saveJob } from './jobs.ts';
import type { BatchReporter } from './reporter.ts';
import { fetchResults } from './results.ts';
import { summaryOf } from './start.ts';

/**
 * One look at one job: ask the API for its status (api-ref#batch-status), update the progress message, and when it
 * is over, report it: settle the reservation, upload the results, post the summary. Every report is
 * recorded in the job as soon as it went out, and a failed step is tried again on the next look, so
 * a reporter or API failure (or a restart) loses nothing and posts nothing twice. How a report looks
 * and where it goes is the reporter's business (src/batch/reporter.ts).
 */

export interface FollowDeps {
  store: Store;
  ic: InfluencersClubClient;
  guard: BudgetGuard;
  log: Logger;
  clock: () => number;
  reporter: BatchReporter;
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

/** After this many failed tries at downloading the results, say where they are instead. */
export const MAX_RESULTS_ATTEMPTS = 8;
const SETTLE_CLAIM_TTL_MS = 400 * 24 * 60 * 60 * 1000;

export async function followJob(
  deps: FollowDeps,
  id: string,
  control: FollowControl,
): Promise<FollowOutcome> {
  let job = await loadJob(deps.store, id);
  if (job === undefined) {
    await retireJob(deps.store, id);
    return 'done';
  }
  if (job.status === 'finished' || job.status === 'failed') {
    await retireJob(deps.store, id);
    return 'done';
  }
  if (job.status !== 'finishing') {
    if (!(await control.takeRequest())) return 'throttled';
    const before = job;
    let status: BatchStatus | null = null;
    try {
      status = await deps.ic.batchStatus(job.batchId);
    } catch (error) {
      if (!(error instanceof IcNotFoundError && error.reason === 'unknown_batch')) throw error;
      job = {
        ...job,
        status: 'finishing',
        outcome: 'failed',
        progress: { ...job.progress, message: 'Influencers Club no longer knows this batch.' },
      };
    }
    if (status !== null) job = await applyStatus(deps, job, status);
    if (!(await control.stillMine())) return 'lost';
    job = { ...job, updatedAt: deps.clock() };
    await saveJob(deps.store, job);
    await recordSpendSoFar(deps, before, job);
    if (job.status === 'paused') {
      await reportPause(deps, job, control);
      if (changed(before, job)) await updateProgress(deps, job);
      return 'paused';
    }
    if (before.status === 'paused') await reportResumed(deps, job, before);
    if (job.status !== 'finishing') {
      if (changed(before, job)) await updateProgress(deps, job);
      return 'running';
    }
    await updateProgress(deps, job);
  }
  return finish(deps, job, control);
}

/**
 * Credits the API reports as used so far count against the budget now (the Home tab and the 80 %
 * notice see a running batch), not only when it finishes. The guard records each credit once
 * whichever process or poll reports it; the final settle adds only what is left.
 */
async function recordSpendSoFar(deps: FollowDeps, before: BatchJob, job: BatchJob): Promise<void> {
  if (job.reservation.id === undefined || job.progress.creditsUsed <= before.progress.creditsUsed) return;
  try {
    await deps.guard.progress(job.reservation, job.progress.creditsUsed, {
      user: job.user,
      feature: 'batch',
      operation: 'batch',
      summary: summaryOf(job, job.rows),
    });
  } catch (error) {
    deps.log.warn({ err: error, job: job.id }, 'could not record a running batch spend; the settle will');
  }
}

/** The API's status in the job's words. A pause after an answered Resume is a new pause. */
async function applyStatus(deps: FollowDeps, job: BatchJob, status: BatchStatus): Promise<BatchJob> {
  const progress = {
    total: status.total_rows ?? job.progress.total,
    processed: status.processed_rows ?? job.progress.processed,
    found: status.success_count ?? job.progress.found,
    failed: status.failed_count ?? job.progress.failed,
    // a string such as "310.00" (api-ref#batch-status), read as a number by the client
    creditsUsed: status.credits_used ?? job.progress.creditsUsed,
    eta: status.estimated_completion ?? null,
    message: status.status_message ?? null,
  };
  switch (status.status) {
    case 'finished':
      return { ...job, progress, status: 'finishing', outcome: 'finished' };
    case 'failed':
      return { ...job, progress, status: 'finishing', outcome: 'failed' };
    case 'paused_insufficient_credits': {
      const resumed =
        job.status === 'paused' &&
        (await deps.store.kv.get(batchKeys.resumedBy(job.id, job.pauses))) !== undefined;
      const newPause = job.status !== 'paused' || resumed;
      return { ...job, progress, status: 'paused', pauses: newPause ? job.pauses + 1 : job.pauses };
    }
    case 'queued':
    case 'validating':
      return { ...job, progress, status: job.status === 'processing' ? 'processing' : 'queued' };
    default:
      return { ...job, progress, status: 'processing' };
  }
}

function changed(a: BatchJob, b: BatchJob): boolean {
  return a.status !== b.status || JSON.stringify(a.progress) !== JSON.stringify(b.progress);
}

/** Progress is best effort: a missed update is repaired by the next one. */
async function updateProgress(deps: FollowDeps, job: BatchJob): Promise<void> {
  try {
    await deps.reporter.progress(job);
  } catch (error) {
    deps.log.warn({ err: error, job: job.id }, 'could not update a batch progress message');
  }
}

/** One notice per pause, with Resume for admins. */
async function reportPause(deps: FollowDeps, job: BatchJob, control: FollowControl): Promise<void> {
  if (job.report.pauseNotice?.pause === job.pauses) return;
  if (!(await control.stillMine())) return;
  const ts = await deps.reporter.paused(job);
  await saveJob(deps.store, { ...job, report: { ...job.report, pauseNotice: { pause: job.pauses, ts } } });
}

/** Resumed (by the button or in the Influencers Club dashboard): the notice loses its button. */
async function reportResumed(deps: FollowDeps, job: BatchJob, before: BatchJob): Promise<void> {
  const notice = before.report.pauseNotice;
  if (notice === null || notice.pause !== before.pauses) return;
  const by = await deps.store.kv.get(batchKeys.resumedBy(job.id, before.pauses));
  if (typeof by === 'string') return; // the Resume button already updated it
  try {
    await deps.reporter.resumed({ ...job, progress: before.progress }, notice.ts, null);
  } catch (error) {
    deps.log.warn({ err: error, job: job.id }, 'could not update a batch pause notice');
  }
}

async function finish(deps: FollowDeps, start: BatchJob, control: FollowControl): Promise<FollowOutcome> {
  let job = start;
  const save = async (next: BatchJob) => {
    job = { ...next, updatedAt: deps.clock() };
    await saveJob(deps.store, job);
  };

  if (!job.report.settled) {
    // The claim makes the settle happen once even if two processes or a restart get here.
    if (await claimOnce(deps.store, batchKeys.settleClaim(job.id), SETTLE_CLAIM_TTL_MS)) {
      await deps.guard.settle(job.reservation, job.progress.creditsUsed, {
        user: job.user,
        feature: 'batch',
        operation: 'batch',
        summary: summaryOf(job, job.rows),
      });
    }
    await save({ ...job, report: { ...job.report, settled: true } });
  }

  if (job.outcome === 'failed') {
    if (job.report.failureTs === null) {
      if (!(await control.stillMine())) return 'lost';
      const ts = await deps.reporter.failed(job);
      await save({ ...job, report: { ...job.report, failureTs: ts } });
    }
  } else {
    if (job.report.resultsFileId === null && !job.report.resultsGaveUp) {
      if (!(await control.takeRequest())) return 'throttled';
      let file: Awaited<ReturnType<typeof fetchResults>> | null = null;
      try {
        file = await fetchResults(deps.ic, job, (error) =>
          deps.log.warn({ err: error, job: job.id }, 'batch JSON results failed; trying the CSV download'),
        );
      } catch (error) {
        const attempts = job.report.resultsAttempts + 1;
        const gaveUp = attempts >= MAX_RESULTS_ATTEMPTS;
        await save({ ...job, report: { ...job.report, resultsAttempts: attempts, resultsGaveUp: gaveUp } });
        if (!gaveUp) throw error;
        deps.log.error({ err: error, job: job.id }, 'gave up downloading batch results');
      }
      if (file !== null) {
        if (!(await control.stillMine())) return 'lost';
        const fileId = await deps.reporter.resultsFile(job, {
          csv: file.csv,
          fileName: file.summary.fileName,
        });
        await save({ ...job, report: { ...job.report, resultsFileId: fileId, results: file.summary } });
      }
    }
    if (job.report.summaryTs === null) {
      if (!(await control.stillMine())) return 'lost';
      const ts = await deps.reporter.finished(job, job.report.results);
      await save({ ...job, report: { ...job.report, summaryTs: ts } });
    }
  }

  const outcome = job.outcome ?? 'finished';
  await save({ ...job, status: outcome, finishedAt: deps.clock() });
  await updateProgress(deps, job);
  await retireJob(deps.store, job.id);
  deps.log.info({ job: job.id, outcome, credits: job.progress.creditsUsed }, 'batch job reported');
  return 'done';
}
