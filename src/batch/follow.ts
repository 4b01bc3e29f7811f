import type { BatchStatus } from '../ic/client.ts';
import { IcNotFoundError } from '../ic/errors.ts';
import { deliver, finish } from './finish.ts';
import type { FollowControl, FollowDeps, FollowOutcome } from './follow-types.ts';
import { type BatchJob, batchKeys, loadJob, retireJob, saveJob } from './jobs.ts';
import { summaryOf } from './start.ts';

/**
 * One look at one job: ask the API for its status (api-ref#batch-status), update the progress message, and when it
 * is over, report it (src/batch/finish.ts: settle, upload and share the results, summary, final
 * edit). Every report is recorded in the job as soon as it went out, and a failed step is tried
 * again on the next look, so a reporter or API failure (or a restart) loses nothing and posts
 * nothing twice. How a report looks and where it goes is the reporter's business
 * (src/batch/reporter.ts); a channel that refused Scout for good sends the job to the uploader's DM.
 */

export type { FollowControl, FollowDeps, FollowOutcome } from './follow-types.ts';

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
      job = await reportPause(deps, job, control);
      if (changed(before, job)) job = await updateProgress(deps, job);
      return 'paused';
    }
    if (before.status === 'paused') await reportResumed(deps, job, before);
    if (job.status !== 'finishing') {
      if (changed(before, job)) job = await updateProgress(deps, job);
      return 'running';
    }
    job = await updateProgress(deps, job);
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

/**
 * Progress is best effort: a missed update is repaired by the next one. A channel gone for good is
 * not: the job moves to the uploader's DM (the job returned carries the redirect).
 */
async function updateProgress(deps: FollowDeps, job: BatchJob): Promise<BatchJob> {
  try {
    return (await deliver(deps, job, (j) => deps.reporter.progress(j))).job;
  } catch (error) {
    deps.log.warn({ err: error, job: job.id }, 'could not update a batch progress message');
    return job;
  }
}

/** One notice per pause, with Resume for admins. */
async function reportPause(deps: FollowDeps, job: BatchJob, control: FollowControl): Promise<BatchJob> {
  if (job.report.pauseNotice?.pause === job.pauses) return job;
  if (!(await control.stillMine())) return job;
  const sent = await deliver(deps, job, (j) => deps.reporter.paused(j));
  const next = {
    ...sent.job,
    report: { ...sent.job.report, pauseNotice: { pause: job.pauses, ts: sent.value } },
  };
  await saveJob(deps.store, next);
  return next;
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
