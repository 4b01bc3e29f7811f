import { claimOnce } from '../store/claims.ts';
import type { FollowControl, FollowDeps, FollowOutcome } from './follow-types.ts';
import { type BatchJob, batchKeys, retireJob, saveJob } from './jobs.ts';
import { ChannelGoneError, UploadLostError } from './reporter.ts';
import { fetchResults } from './results.ts';
import { summaryOf } from './start.ts';

/**
 * Reporting a batch that is over, as a series of steps each recorded in the job as soon as it is
 * done (settle → download and upload the CSV → share it → summary → final progress edit → retire),
 * so a retry after a chat failure or rate limit, or a restart, or another process taking the job
 * over, carries on from the first step not yet done and never repeats one. A step that fails throws:
 * the poller looks again later (with backoff).
 */

/** After this many failed tries at downloading the results, say where they are instead. */
export const MAX_RESULTS_ATTEMPTS = 8;
const SETTLE_CLAIM_TTL_MS = 400 * 24 * 60 * 60 * 1000;

/**
 * Runs one report. When the job's channel refuses Scout for good, the job is redirected to the
 * uploader's DM once (recorded, so no process tries the channel again) and the report goes there.
 * Returns the job as it is now (with the redirect when one was made) and the report's result.
 */
export async function deliver<T>(
  deps: FollowDeps,
  job: BatchJob,
  report: (job: BatchJob) => Promise<T>,
): Promise<{ job: BatchJob; value: T }> {
  try {
    return { job, value: await report(job) };
  } catch (error) {
    if (!(error instanceof ChannelGoneError) || job.report.redirect) throw error;
    const redirected = await redirect(deps, job, error.reason);
    return { job: redirected, value: await report(redirected) };
  }
}

/** Records that the channel is gone and where the job's reports go now (the uploader's DM). */
async function redirect(deps: FollowDeps, job: BatchJob, reason: string): Promise<BatchJob> {
  deps.log.warn(
    { job: job.id, channel: job.channel, reason },
    'batch channel refused Scout; reporting to the uploader by DM',
  );
  const to = await deps.reporter.channelGone(job, reason);
  const next = { ...job, report: { ...job.report, redirect: { reason, ...to } } };
  await saveJob(deps.store, next);
  return next;
}

export async function finish(
  deps: FollowDeps,
  start: BatchJob,
  control: FollowControl,
): Promise<FollowOutcome> {
  let job = start;
  const save = async (next: BatchJob) => {
    job = { ...next, updatedAt: deps.clock() };
    await saveJob(deps.store, job);
  };
  /** One report step, only while this process still holds the job. */
  const step = async <T>(report: (job: BatchJob) => Promise<T>): Promise<T | 'lost'> => {
    if (!(await control.stillMine())) return 'lost';
    const done = await deliver(deps, job, report);
    job = done.job;
    return done.value;
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
      const ts = await step((j) => deps.reporter.failed(j));
      if (ts === 'lost') return 'lost';
      await save({ ...job, report: { ...job.report, failureTs: ts } });
    }
  } else {
    if (job.report.resultsFileId === null && !job.report.resultsGaveUp) {
      if (!job.report.resultsUpload) {
        const uploaded = await uploadResults(deps, job, control, save);
        if (uploaded === 'lost' || uploaded === 'throttled') return uploaded;
        job = uploaded;
      }
      const upload = job.report.resultsUpload ?? null;
      const fileName = job.report.results?.fileName;
      if (upload !== null && fileName !== undefined) {
        let fileId: string | 'lost';
        try {
          fileId = await step((j) => deps.reporter.shareResults(j, upload, fileName));
        } catch (error) {
          // The bytes must go up again: forget the upload so the next look downloads afresh.
          if (error instanceof UploadLostError)
            await save({ ...job, report: { ...job.report, resultsUpload: null } });
          throw error;
        }
        if (fileId === 'lost') return 'lost';
        await save({ ...job, report: { ...job.report, resultsFileId: fileId } });
      }
    }
    if (job.report.summaryTs === null) {
      const ts = await step((j) => deps.reporter.finished(j, j.report.results));
      if (ts === 'lost') return 'lost';
      await save({ ...job, report: { ...job.report, summaryTs: ts } });
    }
  }

  const outcome = job.outcome ?? 'finished';
  if (!job.report.finalUpdate) {
    // The progress message says "done" only once everything else went out; recorded so a retry
    // neither skips it nor sends it twice.
    const sent = await step((j) =>
      deps.reporter.progress({ ...j, status: outcome, finishedAt: deps.clock() }),
    );
    if (sent === 'lost') return 'lost';
    await save({ ...job, report: { ...job.report, finalUpdate: true } });
  }
  await save({ ...job, status: outcome, finishedAt: deps.clock() });
  await retireJob(deps.store, job.id);
  deps.log.info({ job: job.id, outcome, credits: job.progress.creditsUsed }, 'batch job reported');
  return 'done';
}

/**
 * Downloads the results and uploads the CSV's bytes, recording the upload and the summary in one
 * save. After MAX_RESULTS_ATTEMPTS failed downloads it gives up (the summary says where they are).
 */
async function uploadResults(
  deps: FollowDeps,
  job: BatchJob,
  control: FollowControl,
  save: (next: BatchJob) => Promise<void>,
): Promise<BatchJob | 'lost' | 'throttled'> {
  if (!(await control.takeRequest())) return 'throttled';
  let file: Awaited<ReturnType<typeof fetchResults>>;
  try {
    const onFallback = (error: unknown) =>
      deps.log.warn({ err: error, job: job.id }, 'batch JSON results failed; trying the CSV download');
    file = deps.results ? await deps.results(job, onFallback) : await fetchResults(deps.ic, job, onFallback);
  } catch (error) {
    const attempts = job.report.resultsAttempts + 1;
    const gaveUp = attempts >= MAX_RESULTS_ATTEMPTS;
    const next = { ...job, report: { ...job.report, resultsAttempts: attempts, resultsGaveUp: gaveUp } };
    await save(next);
    if (!gaveUp) throw error;
    deps.log.error({ err: error, job: job.id }, 'gave up downloading batch results');
    return next;
  }
  if (!(await control.stillMine())) return 'lost';
  const ref = await deps.reporter.uploadResults(job, { csv: file.csv, fileName: file.summary.fileName });
  const next = { ...job, report: { ...job.report, resultsUpload: ref, results: file.summary } };
  await save(next);
  return next;
}
