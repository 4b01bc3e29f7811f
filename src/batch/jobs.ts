import { z } from 'zod';
import { reservationSchema } from '../budget/guard.ts';
import { workspaceKeys } from '../budget/keys.ts';
import { BATCH_PLATFORMS } from '../ic/platforms.ts';
import type { Store } from '../store/types.ts';

/**
 * What Scout remembers about CSV batches, all in the store so a restart (or another Scout process
 * on the same Redis) carries on where this one stopped:
 * - a draft per dropped file (`batch:draft:<id>`): what was read, the options picked, whether it
 *   was started;
 * - a job per started batch (`batch:job:<batch id>`): where to report, the reservation, progress and
 *   which reports went out (each posted once);
 * - `batch:active` (an atomic set): jobs the poller still follows;
 * - `batch:recent:<team>` (a capped log, newest first): the Home tab's last jobs.
 * Records are parsed with zod when read: the store is a boundary like any other.
 */

export const batchKeys = {
  draft: (id: string) => `batch:draft:${id}`,
  /** Held while a Start click is being handled, so a second click cannot start a second batch. */
  draftLock: (id: string) => `batch:draft-lock:${id}`,
  job: (id: string) => `batch:job:${id}`,
  active: 'batch:active',
  recent: workspaceKeys.recentJobs,
  /** The poller instance that follows a job (lease). */
  lease: (id: string) => `batch:lease:${id}`,
  /** Claims (src/store/claims.ts claimOnce) that make a one-off action happen once. */
  fileClaim: (fileId: string, channel: string, messageTs: string) =>
    `batch:file:${fileId}:${channel}:${messageTs}`,
  settleClaim: (id: string) => `batch:settle:${id}`,
  resumeLock: (id: string, pause: number) => `batch:resume:${id}:${pause}`,
  resumedBy: (id: string, pause: number) => `batch:resumed:${id}:${pause}`,
  /** API requests the pollers made in the time slice starting at `sliceStart` (ms), all processes. */
  pollBudget: (sliceStart: number) => `batch:pollrate:${sliceStart}`,
} as const;

export const DRAFT_TTL_MS = 3 * 24 * 60 * 60 * 1000;
/** Finished jobs stay readable (Home tab, late clicks) for this long. */
export const DONE_JOB_TTL_MS = 90 * 24 * 60 * 60 * 1000;
const RECENT_KEPT = 50;

export const HANDLE_MODES = ['raw', 'full'] as const;
export const EMAIL_MODES = ['basic', 'advanced'] as const;
export type BatchMode = (typeof HANDLE_MODES)[number] | (typeof EMAIL_MODES)[number];

const platform = z.enum(BATCH_PLATFORMS);
const mode = z.enum(['raw', 'full', 'basic', 'advanced']);
const skippedLine = z.object({ line: z.number(), text: z.string(), reason: z.string() });

export const draftSchema = z.object({
  id: z.string(),
  team: z.string(),
  channel: z.string(),
  threadTs: z.string(),
  /** The intake reply, later the job's progress message. */
  messageTs: z.string().nullable(),
  uploader: z.string(),
  fileId: z.string(),
  fileName: z.string(),
  createdAt: z.number(),
  kind: z.enum(['handle', 'email']),
  column: z.string().nullable(),
  rows: z.number(),
  entries: z.array(z.tuple([z.string(), z.union([platform, z.literal('')]), z.number()])),
  duplicates: z.number(),
  invalid: z.number(),
  invalidSamples: z.array(skippedLine),
  platformGuess: z.object({ platform, from: z.enum(['links', 'header', 'file name', 'default']) }),
  options: z.object({ mode, platform, includeAudience: z.boolean() }),
  status: z.enum(['open', 'started', 'cancelled', 'failed']),
  jobId: z.string().nullable(),
  /** Who started, cancelled or failed it, when. */
  closedBy: z.string().nullable(),
  closedAt: z.number().nullable(),
});
export type BatchDraft = z.infer<typeof draftSchema>;

export type BatchJobStatus = 'queued' | 'processing' | 'paused' | 'finishing' | 'finished' | 'failed';

const topCreator = z.object({
  name: z.string().nullable(),
  handle: z.string().nullable(),
  platform: z.string().nullable(),
  followers: z.number().nullable(),
  url: z.string().nullable(),
});
export type TopCreator = z.infer<typeof topCreator>;

export const resultsSummarySchema = z.object({
  rows: z.number(),
  found: z.number(),
  notFound: z.number(),
  failed: z.number(),
  top: z.array(topCreator),
  fileName: z.string(),
  /** Where the rows came from: the JSON results or the presigned CSV (api-ref#batch-results). */
  source: z.enum(['json', 'csv']),
});
export type ResultsSummary = z.infer<typeof resultsSummarySchema>;

export const jobSchema = z.object({
  id: z.string(),
  batchId: z.string(),
  draftId: z.string(),
  team: z.string(),
  channel: z.string(),
  threadTs: z.string(),
  /** The one message updated in place with progress. */
  progressTs: z.string().nullable(),
  user: z.string(),
  fileName: z.string(),
  kind: z.enum(['handle', 'email']),
  mode,
  platform: platform.nullable(),
  includeAudience: z.boolean(),
  rows: z.number(),
  estimate: z.number(),
  /** The budget reservation made at Start; its id lets progress and settle count once. */
  reservation: reservationSchema,
  status: z.enum(['queued', 'processing', 'paused', 'finishing', 'finished', 'failed']),
  /** What the API said last (api-ref#batch-status). */
  progress: z.object({
    total: z.number(),
    processed: z.number(),
    found: z.number(),
    failed: z.number(),
    creditsUsed: z.number(),
    eta: z.string().nullable(),
    message: z.string().nullable(),
  }),
  /** The API's final word: `finished` or `failed`. */
  outcome: z.enum(['finished', 'failed']).nullable(),
  /** How many times it paused for credits (each pause is reported once). */
  pauses: z.number(),
  createdAt: z.number(),
  updatedAt: z.number(),
  finishedAt: z.number().nullable(),
  /** Reports that went out; each is attempted until it is here, never twice. */
  report: z.object({
    settled: z.boolean(),
    pauseNotice: z.object({ pause: z.number(), ts: z.string() }).nullable(),
    resultsFileId: z.string().nullable(),
    results: resultsSummarySchema.nullable(),
    resultsAttempts: z.number(),
    resultsGaveUp: z.boolean(),
    summaryTs: z.string().nullable(),
    failureTs: z.string().nullable(),
    /**
     * The results CSV's bytes went up (its upload reference) but the file is not shared yet: a retry
     * or a restart only shares it, so the download and upload are never repeated and one file shows.
     * Optional, like the two below: records written before these steps were recorded read as not done.
     */
    resultsUpload: z.string().nullable().optional(),
    /** The progress message shows the job's end (the last report step). */
    finalUpdate: z.boolean().optional(),
    /**
     * The job's channel refused Scout for good (removed, archived, deleted): reports go to the
     * uploader's DM (`channel`), where `ts` is the notice that carries the progress from then on.
     */
    redirect: z.object({ reason: z.string(), channel: z.string(), ts: z.string() }).nullable().optional(),
  }),
});
export type BatchJob = z.infer<typeof jobSchema>;

/** A Start between its reservation and its job's record (src/batch/intents.ts). */
export const intentSchema = z.object({
  /** The idempotency key: the intent's name, and `intent` in the batch's metadata. */
  key: z.string(),
  status: z.literal('creating'),
  draftId: z.string(),
  team: z.string(),
  channel: z.string(),
  threadTs: z.string(),
  user: z.string(),
  fileName: z.string(),
  rows: z.number(),
  reservation: reservationSchema,
  createdAt: z.number(),
});
export type BatchIntent = z.infer<typeof intentSchema>;

export async function saveDraft(store: Store, draft: BatchDraft): Promise<void> {
  await store.kv.set(batchKeys.draft(draft.id), draft, DRAFT_TTL_MS);
}

export async function loadDraft(store: Store, id: string): Promise<BatchDraft | undefined> {
  const parsed = draftSchema.safeParse(await store.kv.get(batchKeys.draft(id)));
  return parsed.success ? parsed.data : undefined;
}

export async function loadJob(store: Store, id: string): Promise<BatchJob | undefined> {
  const parsed = jobSchema.safeParse(await store.kv.get(batchKeys.job(id)));
  return parsed.success ? parsed.data : undefined;
}

/** Active jobs are kept without expiry; finished ones for DONE_JOB_TTL_MS. */
export async function saveJob(store: Store, job: BatchJob): Promise<void> {
  const done = job.status === 'finished' || job.status === 'failed';
  if (done) await store.kv.set(batchKeys.job(job.id), job, DONE_JOB_TTL_MS);
  else await store.kv.set(batchKeys.job(job.id), job);
}

/** What a job is started with; the rest of it (status, progress, reports) starts the same way. */
export type NewJob = Omit<
  BatchJob,
  'status' | 'progress' | 'outcome' | 'pauses' | 'createdAt' | 'updatedAt' | 'finishedAt' | 'report'
>;

/** A job as Start records it: queued, nothing processed, nothing reported yet. */
export function newJob(start: NewJob, now: number): BatchJob {
  return {
    ...start,
    status: 'queued',
    progress: {
      total: start.rows,
      processed: 0,
      found: 0,
      failed: 0,
      creditsUsed: 0,
      eta: null,
      message: null,
    },
    outcome: null,
    pauses: 0,
    createdAt: now,
    updatedAt: now,
    finishedAt: null,
    report: {
      settled: false,
      pauseNotice: null,
      resultsFileId: null,
      results: null,
      resultsAttempts: 0,
      resultsGaveUp: false,
      summaryTs: null,
      failureTs: null,
      resultsUpload: null,
      finalUpdate: false,
      redirect: null,
    },
  };
}

/** Record a new job and hand it to the poller (every process sees it through `batch:active`). */
export async function createJob(store: Store, job: BatchJob): Promise<void> {
  await saveJob(store, job);
  await store.atomic.addToSet(batchKeys.active, job.id);
  await store.atomic.appendLog(batchKeys.recent(job.team), job.id, RECENT_KEPT);
}

export async function retireJob(store: Store, id: string): Promise<void> {
  await store.atomic.removeFromSet(batchKeys.active, id);
}

export function activeJobIds(store: Store): Promise<string[]> {
  return store.atomic.setMembers(batchKeys.active);
}

export interface RecentJob {
  id: string;
  status: BatchJobStatus;
  channel: string;
  threadTs: string;
  createdAt: number;
  rows: number;
  creditsUsed: number;
  estimate: number;
  mode: BatchMode;
  /** The CSV's name (the Home tab shows it when present). */
  fileName: string;
}

/** A workspace's latest batch jobs, newest first (the Home tab shows the last 10). */
export async function recentJobs(store: Store, team: string, limit: number): Promise<RecentJob[]> {
  const ids = await store.atomic.readLog(batchKeys.recent(team), Math.max(0, Math.floor(limit)));
  const jobs = await Promise.all([...new Set(ids)].map((id) => loadJob(store, id)));
  return jobs
    .filter((job): job is BatchJob => job !== undefined && job.team === team)
    .map((job) => ({
      id: job.id,
      status: job.status,
      channel: job.channel,
      threadTs: job.threadTs,
      createdAt: job.createdAt,
      rows: job.rows,
      creditsUsed: job.progress.creditsUsed,
      estimate: job.estimate,
      mode: job.mode,
      fileName: job.fileName,
    }))
    .sort((a, b) => b.createdAt - a.createdAt);
}
