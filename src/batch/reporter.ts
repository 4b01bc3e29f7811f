import type { BatchJob, ResultsSummary } from './jobs.ts';

/**
 * Where a batch job's news goes: the port the core (follow, flow) reports through, so it never
 * knows how a report looks or which chat it goes to. The Slack implementation is
 * src/slack/batch-reporter.ts (thread replies, one progress message, a file upload).
 *
 * Every method throws when the report did not go out; the caller decides whether that is worth a
 * retry (posts whose reference it records) or only a warning (updates a later one repairs).
 * A returned reference (message ts, file id) is what the job records so nothing goes out twice.
 */
export interface BatchReporter {
  /** Refresh the job's progress message (`job.progressTs`); nothing when it has none. */
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
  /** The enriched CSV as a file in the job's thread. The file's reference. */
  resultsFile(job: BatchJob, file: { csv: Buffer; fileName: string }): Promise<string>;
  /** The closing summary (`results` null when the results could not be downloaded). Its reference. */
  finished(job: BatchJob, results: ResultsSummary | null): Promise<string>;
}
