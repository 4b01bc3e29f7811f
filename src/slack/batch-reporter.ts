import { type WebClient, WebClientEvent } from '@slack/web-api';
import type { Logger } from 'pino';
import {
  draftClosedMessage,
  draftMessage,
  draftStartingMessage,
  intakeFailedMessage,
  intakeProblemMessage,
  startFailureMessage,
} from '../../views/batch.ts';
import {
  channelGoneMessage,
  failedMessage,
  lostStartMessage,
  pausedMessage,
  progressMessage,
  resultsMessage,
} from '../../views/batch-job.ts';
import type { SlackMessage } from '../../views/blocks.ts';
import { describeFailure } from '../../views/errors.ts';
import type { IntakeProblem } from '../batch/intake.ts';
import type { ResolvedList } from '../batch/intake-list.ts';
import type { BatchDraft, BatchIntent, BatchJob, ResultsSummary } from '../batch/jobs.ts';
import {
  type BatchReporter,
  ChannelGoneError,
  type DraftReporter,
  type DraftView,
  type ThreadRef,
  UploadLostError,
} from '../batch/reporter.ts';
import { EditQueue, type EditQueueOptions } from './edit-queue.ts';
import {
  CHANNEL_GONE,
  completeUpload,
  openDm,
  postMessage,
  postMessageTs,
  slackErrorCode,
  updateMessage,
  uploadBytes,
} from './web.ts';

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

/** Slack's answers that mean the channel is gone for Scout: retrying there cannot help. */
/** completeUploadExternal's answer for an upload it no longer knows (expired). */
const UPLOAD_GONE = new Set(['file_not_found']);

/** One edit queue per Web API client (one bot token, one workspace), shared by every reporter. */
const queues = new WeakMap<WebClient, EditQueue>();
function editQueueOf(client: WebClient, options: EditQueueOptions | undefined): EditQueue {
  let queue = queues.get(client);
  if (!queue) {
    const created = new EditQueue(options);
    queue = created;
    queues.set(client, created);
    // The client waits out a 429's Retry-After itself (rejectRateLimitedCalls is false, see
    // src/slack/app.ts); the queue holds further edits for as long, instead of piling them up.
    client.on(WebClientEvent.RATE_LIMITED, (retrySec: number, request: { url?: string }) => {
      if (String(request?.url ?? '').includes('chat.update')) created.pause(retrySec * 1000);
    });
  }
  return queue;
}

export interface SlackBatchReporterOptions {
  log?: Logger;
  /** For the client's first reporter only: the edit pace (tests). */
  edits?: EditQueueOptions;
}

/**
 * A batch job's reports as messages and a file in the thread of the CSV it came from, or in the
 * uploader's DM once the channel refused Scout (`job.report.redirect`). Progress edits go through
 * the client's EditQueue (coalesced, paced to chat.update's limit).
 */
export class SlackBatchReporter implements BatchReporter {
  private readonly client: WebClient;
  private readonly clock: () => number;
  private readonly log: Logger | undefined;
  private readonly edits: EditQueue;
  /** Each job's progress messages with edits queued here (`channel:ts`), for `release`. */
  private readonly queued = new Map<string, Set<string>>();
  /** Jobs whose queued progress edit found the channel gone: the next report says so. */
  private readonly gone = new Map<string, string>();

  constructor(client: WebClient, clock: () => number, options: SlackBatchReporterOptions = {}) {
    this.client = client;
    this.clock = clock;
    this.log = options.log;
    this.edits = editQueueOf(client, options.edits);
  }

  async progress(job: BatchJob): Promise<void> {
    const to = where(job);
    if (to.progressTs === null) return;
    const ts = to.progressTs;
    const reason = this.gone.get(job.id);
    if (reason !== undefined && !job.report.redirect) throw new ChannelGoneError(reason);
    const now = this.clock();
    const message = !job.report.redirect
      ? progressMessage(job, now)
      : channelGoneMessage(job, job.report.redirect.reason, now);
    const key = `${to.channel}:${ts}`;
    const keys = this.queued.get(job.id) ?? new Set<string>();
    keys.add(key);
    this.queued.set(job.id, keys);
    const sent = this.edits.edit(job.team, key, () =>
      this.call(job, () =>
        updateMessage(this.client, { channel: to.channel, ts, text: message.text, blocks: message.blocks }),
      ),
    );
    if (job.status === 'finished' || job.status === 'failed') {
      this.queued.delete(job.id);
      return sent;
    }
    // Not over yet: a later edit repairs a lost one, so nobody waits for Slack's pace.
    sent.catch((error: unknown) => {
      if (error instanceof ChannelGoneError) this.gone.set(job.id, error.reason);
      this.log?.warn({ err: error, job: job.id }, 'could not update a batch progress message');
    });
  }

  paused(job: BatchJob): Promise<string> {
    return this.post(job, pausedMessage(job, null));
  }

  resumed(job: BatchJob, noticeRef: string, by: string | null): Promise<void> {
    const message = pausedMessage(job, { by });
    const channel = where(job).channel;
    return this.call(job, () =>
      updateMessage(this.client, { channel, ts: noticeRef, text: message.text, blocks: message.blocks }),
    );
  }

  failed(job: BatchJob): Promise<string> {
    return this.post(job, failedMessage(job));
  }

  uploadResults(_job: BatchJob, file: { csv: Buffer; fileName: string }): Promise<string> {
    return uploadBytes(this.client, { filename: file.fileName, bytes: file.csv });
  }

  shareResults(job: BatchJob, uploadRef: string, fileName: string): Promise<string> {
    const to = where(job);
    return this.call(job, async () => {
      try {
        return await completeUpload(this.client, {
          files: [{ id: uploadRef, title: fileName }],
          channel_id: to.channel,
          ...(to.threadTs === null ? {} : { thread_ts: to.threadTs }),
        });
      } catch (error) {
        const code = slackErrorCode(error);
        if (code !== null && UPLOAD_GONE.has(code)) throw new UploadLostError(code, { cause: error });
        throw error;
      }
    });
  }

  finished(job: BatchJob, results: ResultsSummary | null): Promise<string> {
    return this.post(job, resultsMessage(job, results));
  }

  async channelGone(job: BatchJob, reason: string): Promise<{ channel: string; ts: string }> {
    const channel = await openDm(this.client, job.user);
    const message = channelGoneMessage(job, reason, this.clock());
    const ts = await postMessage(this.client, {
      channel,
      text: message.text,
      blocks: message.blocks,
      unfurl_links: false,
      unfurl_media: false,
    });
    this.gone.delete(job.id);
    return { channel, ts };
  }

  release(jobId: string): void {
    for (const key of this.queued.get(jobId) ?? []) this.edits.cancel(key);
    this.queued.delete(jobId);
    this.gone.delete(jobId);
  }

  async lostStart(intent: BatchIntent): Promise<void> {
    await postMessage(this.client, threadReply(intent, lostStartMessage(intent)));
  }

  private post(job: BatchJob, message: SlackMessage): Promise<string> {
    const to = where(job);
    return this.call(job, () =>
      postMessage(
        this.client,
        to.threadTs === null
          ? {
              channel: to.channel,
              text: message.text,
              blocks: message.blocks,
              unfurl_links: false,
              unfurl_media: false,
            }
          : threadReply({ channel: to.channel, threadTs: to.threadTs }, message),
      ),
    );
  }

  /** Runs a call to the job's channel; Slack's "channel gone" answers become ChannelGoneError. */
  private async call<T>(job: BatchJob, request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (error) {
      const code = slackErrorCode(error);
      if (code !== null && CHANNEL_GONE.has(code) && !job.report.redirect) {
        throw new ChannelGoneError(code, { cause: error });
      }
      throw error;
    }
  }
}

/** Where a job's reports go: its thread, or the uploader's DM after a redirect (no thread there). */
function where(job: BatchJob): { channel: string; threadTs: string | null; progressTs: string | null } {
  const r = job.report.redirect;
  return !r
    ? { channel: job.channel, threadTs: job.threadTs, progressTs: job.progressTs }
    : { channel: r.channel, threadTs: null, progressTs: r.ts };
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
