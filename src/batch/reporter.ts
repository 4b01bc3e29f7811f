import type { IntakeProblem } from './intake.ts';
import type { ResolvedList } from './intake-list.ts';
import type { BatchDraft, BatchIntent, BatchJob, BatchMode, ResultsSummary } from './jobs.ts';

/**
 * Where a batch's news goes: the ports the core (src/batch/follow.ts, src/batch/flow.ts) reports
 * through, so it never knows how a report looks or which chat it goes to. The Slack layer
 * implements them (batch-reporter.ts there: thread replies, one progress message, a file upload).
 *
 * Posts throw when the report did not go out, and return the reference (message ts, file id) the
 * job records so nothing goes out twice; the caller decides whether a failure is retried or only
 * logged.
 */

/**
 * A report was refused because the job's channel is gone for Scout (it was removed, the channel
 * was archived or deleted): retrying there is useless; the core sends the job to the uploader's
 * DM instead (`channelGone`). `reason` is the chat's own word for it (e.g. `not_in_channel`).
 */
export class ChannelGoneError extends Error {
  readonly reason: string;
  constructor(reason: string, options?: ErrorOptions) {
    super(`the batch's channel is gone for Scout (${reason})`, options);
    this.name = 'ChannelGoneError';
    this.reason = reason;
  }
}

/** An uploaded results file can no longer be shared (the upload expired): upload it again. */
export class UploadLostError extends Error {
  constructor(reason: string, options?: ErrorOptions) {
    super(`the uploaded results file can no longer be shared (${reason})`, options);
    this.name = 'UploadLostError';
  }
}

/**
 * A started job's reports. Each goes to the job's thread, or, once `job.report.redirect` is set,
 * to the uploader's DM it names. Any of them may throw ChannelGoneError.
 */
export interface BatchReporter {
  /**
   * Refresh the job's progress message (`job.progressTs`); nothing when it has none. Edits may be
   * coalesced and sent later (chat edits are rate limited): this resolves once the edit is queued,
   * except for a job that is over (`finished` / `failed`), where it resolves once the final edit went
   * out and throws when it did not.
   */
  progress(job: BatchJob): Promise<void>;
  /** The batch paused for lack of credits: a notice with a way to resume. Its reference. */
  paused(job: BatchJob): Promise<string>;
  /**
   * The pause notice `noticeRef` now says the batch was resumed, by `by` (the Resume button) or
   * elsewhere (null: in the Influencers Club dashboard).
   */
  resumed(job: BatchJob, noticeRef: string, by: string | null): Promise<void>;
  /** The batch failed at the API. Its reference. */
  failed(job: BatchJob): Promise<string>;
  /** Uploads the enriched CSV's bytes, not yet shown anywhere. The upload's reference. */
  uploadResults(job: BatchJob, file: { csv: Buffer; fileName: string }): Promise<string>;
  /**
   * Shares an upload (`uploadResults`) in the job's thread. The file's reference. Throws
   * UploadLostError when the upload can no longer be shared.
   */
  shareResults(job: BatchJob, uploadRef: string, fileName: string): Promise<string>;
  /**
   * The job's channel is gone (`reason`): tell the uploader in a DM, with the progress so far. Where
   * that notice is (it becomes the job's progress message).
   */
  channelGone(job: BatchJob, reason: string): Promise<{ channel: string; ts: string }>;
  /**
   * A Start was interrupted between the paid create call and the job's record (a crash): in the
   * file's thread, tell the uploader the batch may exist at Influencers Club, that its reservation
   * was released, and what to check before dropping the file again.
   */
  lostStart(intent: BatchIntent): Promise<void>;
  /**
   * This process no longer follows the job (its lease went to another process, or it stops):
   * progress edits still waiting are dropped, so they cannot overwrite the new holder's.
   */
  release(jobId: string): void;
  /** The closing summary (`results` null when the results could not be downloaded). Its reference. */
  finished(job: BatchJob, results: ResultsSummary | null): Promise<string>;
}

/** Everything a draft's summary shows: what was read, the options, their price, the budget. */
export interface DraftView {
  draft: BatchDraft;
  /** The list for the draft's current options (resolveList). */
  list: ResolvedList;
  /** Credits per row for each mode (price table). */
  prices: Record<BatchMode, number>;
  estimate: number;
  /** This month's budget left, when known. */
  budget: { remaining: number; limit: number } | null;
  maxRows: number;
}

/** The thread a dropped file was shared in. */
export interface ThreadRef {
  channel: string;
  threadTs: string;
}

/**
 * A dropped file's conversation, before a job exists: the intake reply and its one message
 * (`draft.messageTs`), which becomes the job's progress message on Start. Updates of that message
 * are best effort (a failure is logged, not thrown): the next change repairs it.
 */
export interface DraftReporter {
  /** The file cannot be used (refused by type or size, unreadable, too many rows). */
  problem(where: ThreadRef, problem: IntakeProblem, fileName: string): Promise<void>;
  /** Reading the file failed unexpectedly; nothing was charged. */
  intakeFailed(where: ThreadRef, fileName: string): Promise<void>;
  /** The draft's summary with its options, Start and Cancel. Its reference (null when unknown). */
  draftPosted(view: DraftView): Promise<string | null>;
  /** The draft's message shows `view` again (options changed, or Start did not go through). */
  draftChanged(view: DraftView): Promise<void>;
  /** Start was clicked by `user`: the summary without its controls, saying it is starting. */
  starting(view: DraftView, user: string): Promise<void>;
  /** The draft's message becomes the job's progress message. */
  started(draft: BatchDraft, job: BatchJob): Promise<void>;
  /** The draft was cancelled, or failed to start in a way that may have reached the API. */
  closed(draft: BatchDraft, list: ResolvedList): Promise<void>;
  /** Start was refused (budget, account credits) or failed: why, in the thread. */
  startFailed(draft: BatchDraft, error: unknown): Promise<void>;
}
