import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import {
  draftClosedMessage,
  draftMessage,
  draftStartingMessage,
  intakeFailedMessage,
  intakeProblemMessage,
  startFailureMessage,
} from '../../views/batch.ts';
import { failedMessage, pausedMessage, progressMessage, resultsMessage } from '../../views/batch-job.ts';
import type { SlackMessage } from '../../views/blocks.ts';
import { describeFailure } from '../../views/errors.ts';
import type { IntakeProblem } from '../batch/intake.ts';
import type { ResolvedList } from '../batch/intake-list.ts';
import type { BatchDraft, BatchJob, ResultsSummary } from '../batch/jobs.ts';
import type { BatchReporter, DraftReporter, DraftView, ThreadRef } from '../batch/reporter.ts';
import { postMessage, postMessageTs, updateMessage, uploadFile } from './web.ts';

/** Replies in a thread never unfurl: links in creator data would bury the thread in previews. */
function threadReply(where: ThreadRef, message: SlackMessage) {
  return {
    channel: where.channel,
    thread_ts: where.threadTs,
    text: message.text,
    blocks: message.blocks,
    unfurl_links: false,
    unfurl_media: false,
  };
}

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
    return postMessage(this.client, threadReply(job, pausedMessage(job, null)));
  }

  resumed(job: BatchJob, noticeRef: string, by: string | null): Promise<void> {
    return this.update(job, noticeRef, pausedMessage(job, { by }));
  }

  failed(job: BatchJob): Promise<string> {
    return postMessage(this.client, threadReply(job, failedMessage(job)));
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
    return postMessage(this.client, threadReply(job, resultsMessage(job, results)));
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

/**
 * A dropped file's conversation: replies in its thread, and the one summary message that later
 * becomes the progress message. Updates of it are logged, not thrown (see DraftReporter).
 */
export class SlackDraftReporter implements DraftReporter {
  private readonly client: WebClient;
  private readonly log: Logger;
  private readonly clock: () => number;

  constructor(client: WebClient, log: Logger, clock: () => number) {
    this.client = client;
    this.log = log;
    this.clock = clock;
  }

  async problem(where: ThreadRef, problem: IntakeProblem, fileName: string): Promise<void> {
    await this.reply(where, intakeProblemMessage(problem, fileName));
  }

  async intakeFailed(where: ThreadRef, fileName: string): Promise<void> {
    await this.reply(where, intakeFailedMessage(fileName));
  }

  draftPosted(view: DraftView): Promise<string | null> {
    return this.reply(view.draft, draftMessage(view));
  }

  draftChanged(view: DraftView): Promise<void> {
    return this.update(view.draft, draftMessage(view));
  }

  starting(view: DraftView, user: string): Promise<void> {
    return this.update(view.draft, draftStartingMessage(view, user));
  }

  started(draft: BatchDraft, job: BatchJob): Promise<void> {
    return this.update(draft, progressMessage(job, this.clock()));
  }

  closed(draft: BatchDraft, list: ResolvedList): Promise<void> {
    const message =
      draft.status === 'failed'
        ? draftClosedMessage(
            draft,
            list,
            'failed',
            'Influencers Club may have received it anyway: check its dashboard before dropping the file again.',
          )
        : draftClosedMessage(draft, list, 'cancelled');
    return this.update(draft, message);
  }

  async startFailed(draft: BatchDraft, error: unknown): Promise<void> {
    await this.reply(draft, startFailureMessage(describeFailure(error, 'this batch').text));
  }

  private reply(where: ThreadRef, message: SlackMessage): Promise<string | null> {
    return postMessageTs(this.client, threadReply(where, message));
  }

  private async update(draft: BatchDraft, message: SlackMessage): Promise<void> {
    if (draft.messageTs === null) return;
    try {
      await updateMessage(this.client, {
        channel: draft.channel,
        ts: draft.messageTs,
        text: message.text,
        blocks: message.blocks,
      });
    } catch (error) {
      this.log.warn({ err: error, draft: draft.id }, 'could not update a batch message');
    }
  }
}
