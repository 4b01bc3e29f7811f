import type { WebClient } from '@slack/web-api';
import { failedMessage, pausedMessage, progressMessage, resultsMessage } from '../../views/batch.ts';
import type { SlackMessage } from '../../views/blocks.ts';
import type { BatchJob, ResultsSummary } from '../batch/jobs.ts';
import type { BatchReporter } from '../batch/reporter.ts';
import { postMessage, updateMessage, uploadFile } from './web.ts';

/** A batch job's reports as messages and a file in the thread of the CSV it came from. */
export class SlackBatchReporter implements BatchReporter {
  private readonly client: WebClient;
  private readonly clock: () => number;

  constructor(client: WebClient, clock: () => number) {
    this.client = client;
    this.clock = clock;
  }

  async progress(job: BatchJob): Promise<void> {
    if (job.progressTs === null) return;
    await this.update(job, job.progressTs, progressMessage(job, this.clock()));
  }

  paused(job: BatchJob): Promise<string> {
    return this.post(job, pausedMessage(job, null));
  }

  resumed(job: BatchJob, noticeRef: string, by: string | null): Promise<void> {
    return this.update(job, noticeRef, pausedMessage(job, { by }));
  }

  failed(job: BatchJob): Promise<string> {
    return this.post(job, failedMessage(job));
  }

  resultsFile(job: BatchJob, file: { csv: Buffer; fileName: string }): Promise<string> {
    return uploadFile(this.client, {
      channel_id: job.channel,
      thread_ts: job.threadTs,
      file: file.csv,
      filename: file.fileName,
      title: file.fileName,
    });
  }

  finished(job: BatchJob, results: ResultsSummary | null): Promise<string> {
    return this.post(job, resultsMessage(job, results));
  }

  private post(job: BatchJob, message: SlackMessage): Promise<string> {
    return postMessage(this.client, {
      channel: job.channel,
      thread_ts: job.threadTs,
      text: message.text,
      blocks: message.blocks,
      unfurl_links: false,
      unfurl_media: false,
    });
  }

  private update(job: BatchJob, ts: string, message: SlackMessage): Promise<void> {
    return updateMessage(this.client, {
      channel: job.channel,
      ts,
      text: message.text,
      blocks: message.blocks,
    });
  }
}
