import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { BudgetGuard } from '../budget/guard.ts';
import type { InfluencersClubClient } from '../ic/client.ts';
import { batchRecordPrice } from '../ic/prices.ts';
import { MAX_BATCH_ROWS } from '../ic/schemas.ts';
import { claimOnce, withLease } from '../store/claims.ts';
import type { Store } from '../store/types.ts';
import { type CsvIntake, decideFile, IntakeError, readCreatorCsv, type SharedFile } from './intake.ts';
import { isBatchPlatform } from './intake-cells.ts';
import { guessPlatform, type ResolvedList, resolveList } from './intake-list.ts';
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
} from './jobs.ts';
import type { BatchReporter, DraftReporter, DraftView, ThreadRef } from './reporter.ts';
import { startBatch } from './start.ts';

/**
 * A batch from dropped file to running job, whatever chat it happens in: intake (read the CSV,
 * keep a draft), options, Start, Cancel, Resume. Who may click what, and that a second click never
 * starts a second batch, are decided here; how it looks is the reporters' business and what the
 * clicker is told comes back as a `FlowNotice` for the chat layer to word.
 */

export interface FlowDeps {
  store: Store;
  ic: InfluencersClubClient;
  guard: BudgetGuard;
  log: Logger;
  clock: () => number;
  /** Look at a job now (the poller, when this process runs one). */
  wake: (jobId: string) => void;
}

/** The clicking user, and whether they are an admin (asked only when it matters). */
export interface Clicker {
  user: string;
  isAdmin(): Promise<boolean>;
}

/** Something to tell the clicker only (never the thread). */
export type FlowNotice =
  | { kind: 'not_allowed'; action: 'change' | 'start' | 'cancel'; uploader: string }
  | { kind: 'expired' }
  | { kind: 'already_starting' }
  | { kind: 'already_started' }
  | { kind: 'was_cancelled' }
  | { kind: 'nothing_to_start' }
  | { kind: 'cannot_cancel_starting' }
  | { kind: 'already_closed' }
  | { kind: 'unknown_job' }
  | { kind: 'resume_needs_admin' }
  | { kind: 'not_paused' }
  | { kind: 'resume_failed'; error: unknown };

/** A file shared in a thread, with the way to download it. */
export interface Drop extends ThreadRef {
  team: string;
  messageTs: string;
  user: string;
  file: SharedFile & { title?: string | undefined };
  /** The file's bytes (throws IntakeError when they cannot be had). */
  open(): Promise<AsyncIterable<Buffer | Uint8Array | string>>;
}

export type OptionControl = 'mode' | 'platform' | 'audience';

const FILE_CLAIM_TTL_MS = 7 * 24 * 60 * 60 * 1000;
const DRAFT_LOCK_TTL_MS = 5 * 60 * 1000;

export class BatchFlow {
  private readonly deps: FlowDeps;

  constructor(deps: FlowDeps) {
    this.deps = deps;
  }

  /** A dropped file: ignored, refused, or read into a draft whose summary is posted once. */
  async intake(drop: Drop, ui: DraftReporter): Promise<void> {
    const { deps } = this;
    const { file } = drop;
    const decision = decideFile(file);
    if (decision.action === 'ignore') return;
    // Slack reports one drop as two events (and may redeliver either): act on the first only.
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
    try {
      if (decision.action === 'refuse') {
        await ui.problem(drop, decision.problem, fileName);
        return;
      }
      let read: CsvIntake;
      try {
        read = await readCreatorCsv(await drop.open());
      } catch (error) {
        if (!(error instanceof IntakeError)) throw error;
        log.info({ problem: error.problem.code }, 'CSV refused');
        await ui.problem(drop, error.problem, fileName);
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
        await ui.problem(
          drop,
          { code: 'too_many', rows: read.rows, distinct: read.overflow ? null : list.values.length },
          fileName,
        );
        return;
      }
      await saveDraft(deps.store, draft);
      const ts = await ui.draftPosted(await this.view(draft, list));
      await saveDraft(deps.store, { ...draft, messageTs: ts });
      log.info({ draft: draft.id, rows: read.rows, unique: list.values.length, kind: read.kind }, 'CSV read');
    } catch (error) {
      log.error({ err: error }, 'CSV intake failed');
      await ui.intakeFailed(drop, fileName).catch(() => null);
    }
  }

  /** What the draft's summary shows for `list`: prices, the estimate and the budget left. */
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

  /** The uploader or an admin: a batch spends the workspace's credits. */
  private async mayControl(draft: { uploader: string }, who: Clicker): Promise<boolean> {
    return who.user === draft.uploader || (await who.isAdmin());
  }

  /** Runs `work` holding the draft's lock, so options, Start and Cancel never interleave. */
  private withDraftLock<T>(id: string, work: () => Promise<T>): Promise<T | 'busy'> {
    return withLease(this.deps.store, batchKeys.draftLock(id), DRAFT_LOCK_TTL_MS, work);
  }

  /** One of the draft's options changed; a choice the draft does not offer is ignored. */
  async changeOption(
    change: { control: OptionControl; draftId: string | null; choice: string | null },
    who: Clicker,
    ui: DraftReporter,
  ): Promise<FlowNotice | null> {
    const { deps } = this;
    if (change.draftId === null || change.choice === null) return null;
    const first = await loadDraft(deps.store, change.draftId);
    if (first?.status !== 'open') return null;
    if (!(await this.mayControl(first, who))) {
      return { kind: 'not_allowed', action: 'change', uploader: first.uploader };
    }
    const choice = change.choice;
    await this.withDraftLock(change.draftId, async () => {
      const draft = await loadDraft(deps.store, first.id);
      if (draft?.status !== 'open') return;
      const options = { ...draft.options };
      if (change.control === 'mode') {
        const allowed: readonly string[] = draft.kind === 'email' ? EMAIL_MODES : HANDLE_MODES;
        if (!allowed.includes(choice)) return;
        options.mode = choice as BatchMode;
      } else if (change.control === 'platform') {
        if (draft.kind !== 'handle' || !isBatchPlatform(choice)) return;
        options.platform = choice;
      } else {
        if (choice !== 'yes' && choice !== 'no') return;
        options.includeAudience = choice === 'yes';
      }
      const next = { ...draft, options };
      await saveDraft(deps.store, next);
      await ui.draftChanged(await this.view(next, resolveList(next, options.platform)));
    });
    return null;
  }

  /**
   * Start: under the draft's lock, so a second click (or a second process) finds the draft
   * started, or the lock held, and never starts a second batch.
   */
  async start(draftId: string, who: Clicker, ui: DraftReporter): Promise<FlowNotice | null> {
    const { deps } = this;
    const first = await loadDraft(deps.store, draftId);
    if (!first) return { kind: 'expired' };
    if (!(await this.mayControl(first, who))) {
      return { kind: 'not_allowed', action: 'start', uploader: first.uploader };
    }
    const user = who.user;
    const outcome = await this.withDraftLock(draftId, async () => {
      const draft = await loadDraft(deps.store, draftId);
      if (draft?.status !== 'open') return 'closed' as const;
      const list = resolveList(draft, draft.options.platform);
      if (list.values.length === 0 || list.values.length > MAX_BATCH_ROWS) return 'closed' as const;
      await ui.starting(await this.view(draft, list), user);
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
          await ui.started(started, result.job);
          deps.wake(result.job.id);
          deps.log.info(
            { job: result.job.id, rows: result.job.rows, estimate: result.job.estimate },
            'batch started',
          );
          return 'started' as const;
        }
        case 'refused':
          await ui.draftChanged(await this.view(draft, list));
          await ui.startFailed(draft, result.error);
          return 'refused' as const;
        case 'create_failed': {
          deps.log.warn(
            { err: result.error, maybeCreated: result.maybeCreated },
            'batch could not be created',
          );
          if (result.maybeCreated) {
            // Not offered again: the API may have the batch, and a second one would be charged twice.
            const failed: BatchDraft = { ...draft, status: 'failed', closedBy: user, closedAt: deps.clock() };
            await saveDraft(deps.store, failed);
            await ui.closed(failed, list);
          } else {
            await ui.draftChanged(await this.view(draft, list));
          }
          await ui.startFailed(draft, result.error);
          return 'failed' as const;
        }
      }
    });
    if (outcome === 'busy') return { kind: 'already_starting' };
    if (outcome !== 'closed') return null;
    const draft = await loadDraft(deps.store, draftId);
    if (draft?.status === 'started') return { kind: 'already_started' };
    if (draft?.status === 'cancelled') return { kind: 'was_cancelled' };
    return { kind: 'nothing_to_start' };
  }

  async cancel(draftId: string, who: Clicker, ui: DraftReporter): Promise<FlowNotice | null> {
    const { deps } = this;
    const first = await loadDraft(deps.store, draftId);
    if (!first) return null;
    if (!(await this.mayControl(first, who))) {
      return { kind: 'not_allowed', action: 'cancel', uploader: first.uploader };
    }
    const outcome = await this.withDraftLock(draftId, async () => {
      const draft = await loadDraft(deps.store, draftId);
      if (draft?.status !== 'open') return 'closed' as const;
      const cancelled: BatchDraft = {
        ...draft,
        status: 'cancelled',
        closedBy: who.user,
        closedAt: deps.clock(),
      };
      await saveDraft(deps.store, cancelled);
      await ui.closed(cancelled, resolveList(cancelled, cancelled.options.platform));
      return 'cancelled' as const;
    });
    if (outcome === 'busy') return { kind: 'cannot_cancel_starting' };
    if (outcome === 'closed') return { kind: 'already_closed' };
    return null;
  }

  /**
   * Resume after a pause for credits: admins only (it spends credits). Once per pause, whoever
   * clicks and however often: a lock per pause, and the resumer recorded before the lock is let go.
   */
  async resume(
    jobId: string,
    pause: number,
    who: Clicker,
    reporter: BatchReporter,
  ): Promise<FlowNotice | null> {
    const { deps } = this;
    const job = await loadJob(deps.store, jobId);
    if (!job || !Number.isInteger(pause)) return { kind: 'unknown_job' };
    if (!(await who.isAdmin())) return { kind: 'resume_needs_admin' };
    if (job.status !== 'paused' || job.pauses !== pause) return { kind: 'not_paused' };
    const { kv } = deps.store;
    const outcome = await withLease(
      deps.store,
      batchKeys.resumeLock(jobId, pause),
      DRAFT_LOCK_TTL_MS,
      async (): Promise<FlowNotice | null> => {
        if ((await kv.get(batchKeys.resumedBy(jobId, pause))) !== undefined) return null;
        try {
          // Free and idempotent (api-ref#batch-resume).
          await deps.ic.resumeBatch(job.batchId);
        } catch (error) {
          return { kind: 'resume_failed', error };
        }
        await kv.set(batchKeys.resumedBy(jobId, pause), who.user, DONE_JOB_TTL_MS);
        const notice = job.report.pauseNotice;
        if (notice !== null) {
          await reporter
            .resumed(job, notice.ts, who.user)
            .catch((error: unknown) => deps.log.warn({ err: error }, 'could not update the pause notice'));
        }
        deps.wake(jobId);
        deps.log.info({ job: jobId, user: who.user }, 'batch resumed');
        return null;
      },
    );
    return outcome === 'busy' ? null : outcome;
  }
}
