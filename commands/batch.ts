import { randomBytes, randomUUID } from 'node:crypto';
import type { App, BlockAction, RespondFn } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { z } from 'zod';
import { downloadSlackFile } from '../src/batch/download.ts';
import {
  type CsvIntake,
  decideFile,
  guessPlatform,
  IntakeError,
  isBatchPlatform,
  MAX_BATCH_ROWS,
  type ResolvedList,
  readCreatorCsv,
  resolveList,
} from '../src/batch/intake.ts';
import {
  type BatchDraft,
  type BatchMode,
  batchKeys,
  DONE_JOB_TTL_MS,
  EMAIL_MODES,
  HANDLE_MODES,
  loadDraft,
  loadJob,
  saveDraft,
} from '../src/batch/jobs.ts';
import { BatchPoller, type BatchPollerOptions } from '../src/batch/poller.ts';
import { startBatch } from '../src/batch/start.ts';
import type { Feature, ScoutDeps } from '../src/feature.ts';
import { batchRecordPrice } from '../src/ic/prices.ts';
import { SlackBatchReporter } from '../src/slack/batch-reporter.ts';
import { claimOnce } from '../src/store/claims.ts';
import {
  BATCH_ACTIONS,
  choiceOf,
  type DraftView,
  draftClosedMessage,
  draftIdFromBlock,
  draftMessage,
  intakeProblemMessage,
  pausedMessage,
  progressMessage,
  startFailureMessage,
} from '../views/batch.ts';
import { context, type SlackMessage, section } from '../views/blocks.ts';
import { describeFailure } from '../views/errors.ts';

/**
 * CSV batch enrichment. A teammate drops a CSV in a channel Scout is in → Scout reads it and replies
 * in the file's thread with what it found, the options, the estimate, Start and Cancel → Start
 * reserves the credits and creates the batch → the poller (src/batch/poller.ts) keeps one progress
 * message up to date and finally posts the results file and a summary in the same thread.
 *
 * Slack sends a dropped file twice: as `file_shared` and as a `message` (subtype `file_share`),
 * with different event ids. Both are handled; a claim on (file, channel, message) in the store makes
 * Scout act once. `message` carries the thread; `file_shared` only a file id, so it acts only when
 * `files.info` already lists the share's message ts (shares appear asynchronously); otherwise the
 * `message` event does the work.
 */

const FILE_CLAIM_TTL_MS = 7 * 24 * 60 * 60 * 1000;
const DRAFT_LOCK_TTL_MS = 5 * 60 * 1000;

const slackFileSchema = z.looseObject({
  id: z.string().min(1),
  name: z.string().optional(),
  title: z.string().optional(),
  filetype: z.string().optional(),
  mimetype: z.string().optional(),
  size: z.number().optional(),
  url_private: z.string().optional(),
  url_private_download: z.string().optional(),
  file_access: z.string().optional(),
  user: z.string().optional(),
  shares: z
    .looseObject({
      public: z
        .record(z.string(), z.array(z.looseObject({ ts: z.string(), thread_ts: z.string().optional() })))
        .optional(),
      private: z
        .record(z.string(), z.array(z.looseObject({ ts: z.string(), thread_ts: z.string().optional() })))
        .optional(),
    })
    .optional(),
});
type SlackFile = z.infer<typeof slackFileSchema>;

const fileShareSchema = z.looseObject({
  subtype: z.literal('file_share'),
  channel: z.string().min(1),
  user: z.string().optional(),
  bot_id: z.string().optional(),
  ts: z.string().min(1),
  thread_ts: z.string().optional(),
  files: z.array(slackFileSchema).default([]),
});

const fileSharedSchema = z.looseObject({
  file_id: z.string().min(1),
  user_id: z.string().optional(),
  channel_id: z.string().optional(),
});

const filesInfoSchema = z.looseObject({ file: slackFileSchema });

interface BatchFeature extends Feature {
  /** The poller started for `app` (tests). */
  pollerOf(app: App): BatchPoller | undefined;
}

/**
 * The batch feature. `batch` below is the one Scout uses; tests running two Scouts in one process
 * give each its own instance (start/stop are per instance), and may tune the poller.
 */
export function createBatchFeature(options: { poller?: BatchPollerOptions } = {}): BatchFeature {
  const pollers = new Map<App, BatchPoller>();

  return {
    name: 'batch',
    pollerOf: (app) => pollers.get(app),
    register(app, deps) {
      const flow = new BatchFlow(deps, () => pollers.get(app));

      app.event('message', async ({ event, body, context: ctx, client }) => {
        const parsed = fileShareSchema.safeParse(event);
        if (!parsed.success) return;
        const share = parsed.data;
        if (share.bot_id !== undefined || (share.user !== undefined && share.user === ctx.botUserId)) return;
        const team = teamOf(body);
        for (const file of share.files) {
          await flow.intake(client, {
            team,
            channel: share.channel,
            messageTs: share.ts,
            threadTs: share.thread_ts ?? share.ts,
            user: share.user ?? file.user ?? '',
            file,
          });
        }
      });

      app.event('file_shared', async ({ event, body, context: ctx, client }) => {
        const parsed = fileSharedSchema.safeParse(event);
        if (!parsed.success || parsed.data.channel_id === undefined) return;
        const { file_id: fileId, user_id: user, channel_id: channel } = parsed.data;
        if (user !== undefined && user === ctx.botUserId) return;
        const file = await flow.fileInfo(client, fileId);
        const share = file && shareIn(file, channel);
        if (!file || !share) {
          deps.log.debug(
            { file: fileId },
            'file_shared without a share ts yet; the message event handles it',
          );
          return;
        }
        await flow.intake(client, {
          team: teamOf(body),
          channel,
          messageTs: share.ts,
          threadTs: share.thread_ts ?? share.ts,
          user: user ?? file.user ?? '',
          file,
        });
      });

      app.action<BlockAction>(
        new RegExp(`^(${BATCH_ACTIONS.mode}|${BATCH_ACTIONS.platform}|${BATCH_ACTIONS.audience})$`),
        async ({ ack, body, action, client, respond }) => {
          await ack();
          if (action.type !== 'static_select') return;
          await flow.changeOption(client, respond, {
            actionId: action.action_id,
            draftId: draftIdFromBlock(action.block_id),
            choice: choiceOf(action.selected_option?.value),
            user: body.user.id,
            team: body.team?.id ?? body.user.team_id ?? '',
          });
        },
      );

      app.action<BlockAction>(BATCH_ACTIONS.start, async ({ ack, body, action, client, respond }) => {
        await ack();
        if (action.type !== 'button') return;
        await flow.start(client, respond, action.value ?? '', body.user.id, body.team?.id ?? '');
      });

      app.action<BlockAction>(BATCH_ACTIONS.cancel, async ({ ack, body, action, client, respond }) => {
        await ack();
        if (action.type !== 'button') return;
        await flow.cancel(client, respond, action.value ?? '', body.user.id, body.team?.id ?? '');
      });

      app.action<BlockAction>(BATCH_ACTIONS.resume, async ({ ack, body, action, client, respond }) => {
        await ack();
        if (action.type !== 'button') return;
        await flow.resume(client, respond, action.value ?? '', body.user.id, body.team?.id ?? '');
      });
    },

    start(app, deps) {
      if (pollers.has(app)) return;
      const poller = new BatchPoller(
        {
          store: deps.store,
          ic: deps.ic,
          guard: deps.guard,
          log: deps.log.child({ component: 'batch' }),
          clock: deps.clock,
          reporter: new SlackBatchReporter(app.client, deps.clock),
        },
        {
          ...(deps.config.BATCH_POLL_INTERVAL_MS === undefined
            ? {}
            : { intervalMs: deps.config.BATCH_POLL_INTERVAL_MS }),
          ...options.poller,
        },
      );
      pollers.set(app, poller);
      poller.start();
    },

    async stop() {
      const all = [...pollers.values()];
      pollers.clear();
      await Promise.all(all.map((poller) => poller.stop()));
    },
  };
}

export const batch: Feature = createBatchFeature();

function teamOf(body: unknown): string {
  const b = body as { team_id?: unknown };
  return typeof b.team_id === 'string' ? b.team_id : '';
}

function shareIn(
  file: SlackFile,
  channel: string,
): { ts: string; thread_ts?: string | undefined } | undefined {
  return file.shares?.public?.[channel]?.[0] ?? file.shares?.private?.[channel]?.[0];
}

interface Drop {
  team: string;
  channel: string;
  messageTs: string;
  threadTs: string;
  user: string;
  file: SlackFile;
}

const ephemeral = async (respond: RespondFn, text: string) => {
  try {
    await respond({ response_type: 'ephemeral', replace_original: false, text });
  } catch {
    // response_url expired: nothing else to tell
  }
};

/** The Slack side of a batch: intake, options, Start, Cancel, Resume. */
class BatchFlow {
  private readonly deps: ScoutDeps;
  private readonly poller: () => BatchPoller | undefined;

  constructor(deps: ScoutDeps, poller: () => BatchPoller | undefined) {
    this.deps = deps;
    this.poller = poller;
  }

  async fileInfo(client: WebClient, id: string): Promise<SlackFile | undefined> {
    try {
      const parsed = filesInfoSchema.safeParse(await client.files.info({ file: id }));
      return parsed.success ? parsed.data.file : undefined;
    } catch (error) {
      this.deps.log.warn({ err: error, file: id }, 'files.info failed');
      return undefined;
    }
  }

  private async reply(
    client: WebClient,
    where: { channel: string; threadTs: string },
    message: SlackMessage,
  ) {
    const answer = await client.chat.postMessage({
      channel: where.channel,
      thread_ts: where.threadTs,
      text: message.text,
      blocks: message.blocks as never,
      unfurl_links: false,
      unfurl_media: false,
    });
    return typeof answer.ts === 'string' ? answer.ts : null;
  }

  private async update(client: WebClient, draft: BatchDraft, message: SlackMessage): Promise<void> {
    if (draft.messageTs === null) return;
    try {
      await client.chat.update({
        channel: draft.channel,
        ts: draft.messageTs,
        text: message.text,
        blocks: message.blocks as never,
      });
    } catch (error) {
      this.deps.log.warn({ err: error, draft: draft.id }, 'could not update a batch message');
    }
  }

  async intake(client: WebClient, drop: Drop): Promise<void> {
    const { deps } = this;
    let file = drop.file;
    // Slack Connect and some restricted files arrive as stubs: files.info has the details.
    if (
      file.file_access === 'check_file_info' ||
      (file.url_private_download ?? file.url_private) === undefined
    ) {
      const full = await this.fileInfo(client, file.id);
      if (full === undefined) return;
      file = full;
    }
    const decision = decideFile(file);
    if (decision.action === 'ignore') return;
    if (
      !(await claimOnce(
        deps.store,
        batchKeys.fileClaim(file.id, drop.channel, drop.messageTs),
        FILE_CLAIM_TTL_MS,
      ))
    ) {
      return;
    }
    const fileName = file.name ?? file.title ?? 'file.csv';
    const log = deps.log.child({ component: 'batch', file: file.id });
    const replyProblem = (problem: Parameters<typeof intakeProblemMessage>[0]) =>
      this.reply(client, drop, intakeProblemMessage(problem, fileName));
    try {
      if (decision.action === 'refuse') {
        await replyProblem(decision.problem);
        return;
      }
      let read: CsvIntake;
      try {
        const body = await downloadSlackFile(file.url_private_download ?? file.url_private ?? '', {
          token: deps.config.SLACK_BOT_TOKEN,
          slackApiUrl: deps.config.SLACK_API_URL,
        });
        read = await readCreatorCsv(body);
      } catch (error) {
        if (!(error instanceof IntakeError)) throw error;
        log.info({ problem: error.problem.code }, 'CSV refused');
        await replyProblem(error.problem);
        return;
      }
      const guess = guessPlatform(read.linkPlatforms, read.column.name, fileName);
      const draft: BatchDraft = {
        id: randomBytes(9).toString('base64url'),
        team: drop.team,
        channel: drop.channel,
        threadTs: drop.threadTs,
        messageTs: null,
        uploader: drop.user,
        fileId: file.id,
        fileName,
        createdAt: deps.clock(),
        kind: read.kind,
        column: read.column.name,
        rows: read.rows,
        entries: read.entries.map(([v, p, l]) => [v, p, l]),
        duplicates: read.duplicates,
        invalid: read.invalid,
        invalidSamples: read.invalidSamples,
        platformGuess: guess,
        options: {
          mode: read.kind === 'email' ? 'basic' : 'raw',
          platform: guess.platform,
          includeAudience: false,
        },
        status: 'open',
        jobId: null,
        closedBy: null,
        closedAt: null,
      };
      const list = resolveList(draft, draft.options.platform);
      if (read.overflow || list.values.length > MAX_BATCH_ROWS) {
        await replyProblem({
          code: 'too_many',
          rows: read.rows,
          distinct: read.overflow ? null : list.values.length,
        });
        return;
      }
      await saveDraft(deps.store, draft);
      const ts = await this.reply(client, drop, draftMessage(await this.view(draft, list)));
      await saveDraft(deps.store, { ...draft, messageTs: ts });
      log.info({ draft: draft.id, rows: read.rows, unique: list.values.length, kind: read.kind }, 'CSV read');
    } catch (error) {
      log.error({ err: error }, 'CSV intake failed');
      await this.reply(client, drop, {
        text: 'Scout could not read this file',
        blocks: [
          section(
            `:warning: Something went wrong while Scout read ${fileName.replace(/[<>&*_`~]/g, '')}. It has been logged; drop the file again in a minute. Nothing was charged.`,
          ),
        ],
      }).catch(() => null);
    }
  }

  private async view(draft: BatchDraft, list: ResolvedList): Promise<DraftView> {
    const { guard } = this.deps;
    const prices = Object.fromEntries(
      [...HANDLE_MODES, ...EMAIL_MODES].map((m) => [m, batchRecordPrice(m, guard.prices)]),
    ) as Record<BatchMode, number>;
    const estimate = guard.estimate('batch', {
      rows: list.values.length,
      enrichmentMode: draft.options.mode,
    });
    let budget: DraftView['budget'] = null;
    try {
      const status = await guard.status(draft.team);
      budget = { remaining: status.remaining, limit: status.limit };
    } catch (error) {
      this.deps.log.warn({ err: error }, 'budget status unavailable');
    }
    return { draft, list, prices, estimate, budget, maxRows: MAX_BATCH_ROWS };
  }

  private async mayControl(client: WebClient, draft: { uploader: string }, team: string, user: string) {
    return user === draft.uploader || (await this.deps.admins.isAdmin(client, team, user));
  }

  /** Runs `work` holding the draft's lock, so options, Start and Cancel never interleave. */
  private async withDraftLock<T>(id: string, work: () => Promise<T>): Promise<T | 'busy'> {
    const { atomic } = this.deps.store;
    const owner = randomUUID();
    if (!(await atomic.acquireLease(batchKeys.draftLock(id), owner, DRAFT_LOCK_TTL_MS))) return 'busy';
    try {
      return await work();
    } finally {
      await atomic.releaseLease(batchKeys.draftLock(id), owner).catch(() => false);
    }
  }

  async changeOption(
    client: WebClient,
    respond: RespondFn,
    change: { actionId: string; draftId: string | null; choice: string | null; user: string; team: string },
  ): Promise<void> {
    const { deps } = this;
    if (change.draftId === null || change.choice === null) return;
    const first = await loadDraft(deps.store, change.draftId);
    if (first?.status !== 'open') return;
    if (!(await this.mayControl(client, first, change.team || first.team, change.user))) {
      await ephemeral(respond, `Only <@${first.uploader}> or a Scout admin can change this batch.`);
      return;
    }
    const choice = change.choice;
    await this.withDraftLock(change.draftId, async () => {
      const draft = await loadDraft(deps.store, first.id);
      if (draft?.status !== 'open') return;
      const options = { ...draft.options };
      if (change.actionId === BATCH_ACTIONS.mode) {
        const allowed: readonly string[] = draft.kind === 'email' ? EMAIL_MODES : HANDLE_MODES;
        if (!allowed.includes(choice)) return;
        options.mode = choice as BatchMode;
      } else if (change.actionId === BATCH_ACTIONS.platform) {
        if (draft.kind !== 'handle' || !isBatchPlatform(choice)) return;
        options.platform = choice;
      } else {
        if (choice !== 'yes' && choice !== 'no') return;
        options.includeAudience = choice === 'yes';
      }
      const next = { ...draft, options };
      await saveDraft(deps.store, next);
      await this.update(
        client,
        next,
        draftMessage(await this.view(next, resolveList(next, options.platform))),
      );
    });
  }

  async start(
    client: WebClient,
    respond: RespondFn,
    draftId: string,
    user: string,
    team: string,
  ): Promise<void> {
    const { deps } = this;
    const first = await loadDraft(deps.store, draftId);
    if (!first) {
      await ephemeral(respond, 'This file’s summary has expired. Drop the CSV again to start a batch.');
      return;
    }
    if (!(await this.mayControl(client, first, team || first.team, user))) {
      await ephemeral(respond, `Only <@${first.uploader}> or a Scout admin can start this batch.`);
      return;
    }
    const outcome = await this.withDraftLock(draftId, async () => {
      const draft = await loadDraft(deps.store, draftId);
      if (draft?.status !== 'open') return 'closed' as const;
      const list = resolveList(draft, draft.options.platform);
      if (list.values.length === 0 || list.values.length > MAX_BATCH_ROWS) return 'closed' as const;
      await this.update(client, draft, {
        text: `${draft.fileName}: starting`,
        blocks: [
          ...draftMessage(await this.view(draft, list)).blocks.filter((b) => b.type !== 'actions'),
          context([`:hourglass_flowing_sand: Starting (by <@${user}>)…`]),
        ],
      });
      const result = await startBatch(deps, draft, list, user);
      switch (result.kind) {
        case 'started': {
          const started: BatchDraft = {
            ...draft,
            status: 'started',
            jobId: result.job.id,
            closedBy: user,
            closedAt: deps.clock(),
          };
          await saveDraft(deps.store, started);
          await this.update(client, started, progressMessage(result.job, deps.clock()));
          this.poller()?.wake(result.job.id);
          deps.log.info(
            { job: result.job.id, rows: result.job.rows, estimate: result.job.estimate },
            'batch started',
          );
          return 'started' as const;
        }
        case 'refused':
          await this.update(client, draft, draftMessage(await this.view(draft, list)));
          await this.reply(
            client,
            draft,
            startFailureMessage(describeFailure(result.error, 'this batch').text),
          );
          return 'refused' as const;
        case 'create_failed': {
          const failure = describeFailure(result.error, 'this batch');
          deps.log.warn(
            { err: result.error, maybeCreated: result.maybeCreated },
            'batch could not be created',
          );
          if (result.maybeCreated) {
            const failed: BatchDraft = { ...draft, status: 'failed', closedBy: user, closedAt: deps.clock() };
            await saveDraft(deps.store, failed);
            await this.update(
              client,
              failed,
              draftClosedMessage(
                failed,
                list,
                'failed',
                'Influencers Club may have received it anyway: check its dashboard before dropping the file again.',
              ),
            );
          } else {
            await this.update(client, draft, draftMessage(await this.view(draft, list)));
          }
          await this.reply(client, draft, startFailureMessage(failure.text));
          return 'failed' as const;
        }
      }
    });
    if (outcome === 'busy') await ephemeral(respond, 'This batch is already starting.');
    else if (outcome === 'closed') {
      const draft = await loadDraft(deps.store, draftId);
      await ephemeral(
        respond,
        draft?.status === 'started'
          ? 'This batch has already been started; its progress is in the thread.'
          : draft?.status === 'cancelled'
            ? 'This batch was cancelled. Drop the CSV again to start over.'
            : 'There is nothing to start in this file.',
      );
    }
  }

  async cancel(
    client: WebClient,
    respond: RespondFn,
    draftId: string,
    user: string,
    team: string,
  ): Promise<void> {
    const { deps } = this;
    const first = await loadDraft(deps.store, draftId);
    if (!first) return;
    if (!(await this.mayControl(client, first, team || first.team, user))) {
      await ephemeral(respond, `Only <@${first.uploader}> or a Scout admin can cancel this batch.`);
      return;
    }
    const outcome = await this.withDraftLock(draftId, async () => {
      const draft = await loadDraft(deps.store, draftId);
      if (draft?.status !== 'open') return 'closed' as const;
      const cancelled: BatchDraft = { ...draft, status: 'cancelled', closedBy: user, closedAt: deps.clock() };
      await saveDraft(deps.store, cancelled);
      await this.update(
        client,
        cancelled,
        draftClosedMessage(cancelled, resolveList(cancelled, cancelled.options.platform), 'cancelled'),
      );
      return 'cancelled' as const;
    });
    if (outcome === 'busy')
      await ephemeral(respond, 'This batch is starting; it can no longer be cancelled.');
    else if (outcome === 'closed') await ephemeral(respond, 'This batch was already started or cancelled.');
  }

  async resume(
    client: WebClient,
    respond: RespondFn,
    value: string,
    user: string,
    team: string,
  ): Promise<void> {
    const { deps } = this;
    const [jobId = '', pauseText = ''] = value.split('|');
    const pause = Number(pauseText);
    const job = await loadJob(deps.store, jobId);
    if (!job || !Number.isInteger(pause)) {
      await ephemeral(respond, 'Scout no longer knows this batch.');
      return;
    }
    if (!(await deps.admins.isAdmin(client, team || job.team, user))) {
      const admins = deps.admins.configuredIds.map((id) => `<@${id}>`).join(', ');
      await ephemeral(
        respond,
        `Only a Scout admin can resume a batch (it spends credits)${admins ? `: ask ${admins}` : ''}.`,
      );
      return;
    }
    if (job.status !== 'paused' || job.pauses !== pause) {
      await ephemeral(respond, 'This batch is not paused any more.');
      return;
    }
    const { atomic, kv } = deps.store;
    const owner = randomUUID();
    const lock = batchKeys.resumeLock(jobId, pause);
    if (!(await atomic.acquireLease(lock, owner, DRAFT_LOCK_TTL_MS))) return;
    try {
      if ((await kv.get(batchKeys.resumedBy(jobId, pause))) !== undefined) return;
      try {
        // Free and idempotent (api-ref#batch-resume).
        await deps.ic.resumeBatch(job.batchId);
      } catch (error) {
        await ephemeral(respond, describeFailure(error, 'resuming the batch').text);
        return;
      }
      await kv.set(batchKeys.resumedBy(jobId, pause), user, DONE_JOB_TTL_MS);
      const notice = job.report.pauseNotice;
      if (notice !== null) {
        const message = pausedMessage(job, { by: user });
        await client.chat
          .update({
            channel: job.channel,
            ts: notice.ts,
            text: message.text,
            blocks: message.blocks as never,
          })
          .catch((error: unknown) => deps.log.warn({ err: error }, 'could not update the pause notice'));
      }
      this.poller()?.wake(jobId);
      deps.log.info({ job: jobId, user }, 'batch resumed');
    } finally {
      await atomic.releaseLease(lock, owner).catch(() => false);
    }
  }
}
