import { randomUUID } from 'node:crypto';
import { AccountCreditsError, BudgetExceededError, type BudgetGuard } from '../budget/guard.ts';
import type { InfluencersClubClient } from '../ic/client.ts';
import { IcError } from '../ic/errors.ts';
import { AUDIENCE_DATA_PLATFORMS } from '../ic/platforms.ts';
import type { Store } from '../store/types.ts';
import { cleanCsv, type ResolvedList } from './intake-list.ts';
import { clearIntent, saveIntent } from './intents.ts';
import { type BatchDraft, type BatchJob, createJob, newJob } from './jobs.ts';

/**
 * Start: reserve the whole estimate against the workspace budget, record the intent (src/batch/
 * intents.ts), upload the clean one-column CSV, record the job, drop the intent. A refusal creates
 * nothing; a failed upload gives the reservation back unless the API may have received it (then it
 * stays counted: never under-count, api-ref#credits). A crash between the upload and the job's
 * record leaves the intent, which the poller reconciles.
 */

export interface StartDeps {
  store: Store;
  ic: InfluencersClubClient;
  guard: BudgetGuard;
  clock: () => number;
}

export type StartResult =
  | { kind: 'started'; job: BatchJob }
  | { kind: 'refused'; error: BudgetExceededError | AccountCreditsError }
  | { kind: 'create_failed'; error: unknown; maybeCreated: boolean };

/** A name the API accepts (api-ref#batch-create: a plain file name) that still says which file it was. */
export function uploadName(fileName: string): string {
  const base = fileName
    .replace(/[/\\\r\n"]+/g, '_')
    .replace(/\.csv$/i, '')
    .trim()
    .slice(0, 180);
  return `${base || 'creators'}.csv`;
}

/** The spend log's line for a batch: "CSV batch creators.csv: 1180 handles, raw". */
export function summaryOf(batch: Pick<BatchJob, 'fileName' | 'kind' | 'mode'>, rows: number): string {
  const what = `${rows} ${batch.kind === 'email' ? 'emails' : 'handles'}`;
  return `CSV batch ${batch.fileName}: ${what}, ${batch.mode}`;
}

export async function startBatch(
  deps: StartDeps,
  draft: BatchDraft,
  list: ResolvedList,
  user: string,
): Promise<StartResult> {
  const { mode, platform, includeAudience } = draft.options;
  const rows = list.values.length;
  const estimate = deps.guard.estimate('batch', { rows, enrichmentMode: mode });
  let reservation: Awaited<ReturnType<BudgetGuard['reserve']>>;
  try {
    reservation = await deps.guard.reserve(draft.team, estimate);
  } catch (error) {
    if (error instanceof BudgetExceededError || error instanceof AccountCreditsError) {
      return { kind: 'refused', error };
    }
    throw error;
  }
  const byHandle = draft.kind === 'handle';
  const audience = (AUDIENCE_DATA_PLATFORMS as readonly string[]).includes(platform) && includeAudience;
  const summary = summaryOf({ fileName: draft.fileName, kind: draft.kind, mode }, rows);
  const intent = randomUUID();
  await saveIntent(deps.store, {
    key: intent,
    status: 'creating',
    draftId: draft.id,
    team: draft.team,
    channel: draft.channel,
    threadTs: draft.threadTs,
    user,
    fileName: draft.fileName,
    rows,
    reservation,
    createdAt: deps.clock(),
  });
  let created: Awaited<ReturnType<InfluencersClubClient['createBatch']>>;
  try {
    created = await deps.ic.createBatch({
      csv: cleanCsv(draft.kind, list.values),
      filename: uploadName(draft.fileName),
      enrichmentMode: mode,
      ...(byHandle
        ? {
            platform,
            emailRequired: 'preferred' as const,
            // Defaults are disputed between doc revisions (api-ref#discrepancies): always say what we want.
            ...(mode === 'full' ? { includeLookalikes: false, includeAudienceData: audience } : {}),
          }
        : {}),
      metadata: {
        source: 'scout',
        team: draft.team,
        channel: draft.channel,
        thread_ts: draft.threadTs,
        draft: draft.id,
        intent,
      },
    });
  } catch (error) {
    const maybeCreated = !(error instanceof IcError) || error.mayHaveCharged;
    await deps.guard.settle(reservation, maybeCreated ? estimate : 0, {
      user,
      feature: 'batch',
      operation: 'batch',
      summary,
      uncertain: maybeCreated,
    });
    await clearIntent(deps.store, intent);
    return { kind: 'create_failed', error, maybeCreated };
  }
  const job = newJob(
    {
      id: created.batch_id,
      batchId: created.batch_id,
      draftId: draft.id,
      team: draft.team,
      channel: draft.channel,
      threadTs: draft.threadTs,
      progressTs: draft.messageTs,
      user,
      fileName: draft.fileName,
      kind: draft.kind,
      mode,
      platform: byHandle ? platform : null,
      includeAudience: mode === 'full' && audience,
      rows,
      estimate,
      reservation,
    },
    deps.clock(),
  );
  await createJob(deps.store, job);
  await clearIntent(deps.store, intent);
  return { kind: 'started', job };
}
