import { claimOnce } from '../store/claims.ts';
import type { Store } from '../store/types.ts';
import type { FollowDeps } from './follow-types.ts';
import { type BatchDraft, type BatchIntent, intentSchema, loadDraft, saveDraft } from './jobs.ts';

/**
 * The crash window of Start: the paid `createBatch` (api-ref#batch-create) has been sent but the job
 * is not recorded yet. Before the call, Start records an intent — a job in state `creating` with
 * its reservation and an idempotency key (also sent to the API in the batch's metadata, so the batch
 * can be found in the dashboard); once the job is saved, or the call failed in a known way, the
 * intent is removed. An intent still there after `maxAgeMs` means the process died in between:
 * the poller (at start-up and on every refresh) releases the reservation, closes the draft so a
 * second Start cannot create a second batch, and tells the uploader.
 */

const INTENTS = 'batch:intents';
const intentKey = (key: string) => `batch:intent:${key}`;
const reconciledClaim = (key: string) => `batch:intent-reconciled:${key}`;
/** Long enough for one reconciliation; if its process dies meanwhile, another retries later. */
const CLAIM_TTL_MS = 10 * 60 * 1000;
/** Default age after which an intent without a job is taken for a crash (a Start takes seconds). */
export const INTENT_MAX_AGE_MS = 10 * 60 * 1000;

export async function saveIntent(store: Store, intent: BatchIntent): Promise<void> {
  await store.kv.set(intentKey(intent.key), intent);
  await store.atomic.addToSet(INTENTS, intent.key);
}

/** The job is recorded (or the call failed in a known way and was settled): nothing to reconcile. */
export async function clearIntent(store: Store, key: string): Promise<void> {
  await store.atomic.removeFromSet(INTENTS, key);
  await store.kv.delete(intentKey(key));
}

/**
 * Reconciles intents older than `maxAgeMs`: each once, whichever process gets there first.
 * Returns how many were given up.
 */
export async function reconcileIntents(deps: FollowDeps, maxAgeMs: number): Promise<number> {
  const keys = await deps.store.atomic.setMembers(INTENTS);
  let given = 0;
  for (const key of keys) {
    const parsed = intentSchema.safeParse(await deps.store.kv.get(intentKey(key)));
    if (!parsed.success) {
      await clearIntent(deps.store, key);
      continue;
    }
    const intent = parsed.data;
    if (deps.clock() - intent.createdAt < maxAgeMs) continue;
    if (!(await claimOnce(deps.store, reconciledClaim(key), CLAIM_TTL_MS))) continue;
    await giveUp(deps, intent);
    given += 1;
  }
  return given;
}

async function giveUp(deps: FollowDeps, intent: BatchIntent): Promise<void> {
  // Scout never learnt the batch id, so it cannot follow or settle the batch: the reservation is
  // given back (logged as uncertain), rather than held forever against the budget.
  await deps.guard.settle(intent.reservation, 0, {
    user: intent.user,
    feature: 'batch',
    operation: 'batch',
    summary: `CSV batch ${intent.fileName}: ${intent.rows} rows, lost while starting`,
    uncertain: true,
  });
  const draft = await loadDraft(deps.store, intent.draftId);
  if (draft !== undefined && draft.status === 'open') {
    // Not offered again: Influencers Club may have the batch, and a second one would be charged.
    const failed: BatchDraft = { ...draft, status: 'failed', closedBy: intent.user, closedAt: deps.clock() };
    await saveDraft(deps.store, failed);
  }
  deps.log.error(
    { intent: intent.key, draft: intent.draftId, team: intent.team, reservation: intent.reservation.id },
    'batch start was interrupted before the job was saved; reservation released, uploader told',
  );
  try {
    await deps.reporter.lostStart(intent);
  } catch (error) {
    deps.log.warn({ err: error, intent: intent.key }, 'could not tell the uploader about a lost batch start');
  }
  await clearIntent(deps.store, intent.key);
}
