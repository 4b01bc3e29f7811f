import { batchKeys } from '../batch/jobs.ts';
import { budgetKeys, MONTH_KEY_TTL_MS, monthOf, workspaceKeys } from '../budget/keys.ts';
import { DIGEST_TEAMS } from '../digest/settings.ts';
import { PLATFORMS } from '../ic/platforms.ts';
import { PENDING_TEAMS } from '../shortlists/exclusions.ts';
import type { Store } from '../store/types.ts';

/**
 * Deleting a workspace's records once its retention time after uninstall is over (README "Data").
 * What is kept per workspace (the keys are in src/budget/keys.ts), and deleted here: its settings
 * (budget, alert channel, thresholds; link unfurls; digest; brand-safety lists), its own Influencers
 * Club key if one is left (uninstall already deletes it), its monthly budget counters, spend
 * tallies and spend log (who spent what), its batch jobs and their list, its shortlists and the
 * local copy of its exclusion lists. Short-lived records (drafts, share copies, dedupe claims,
 * cached admin checks, "looked up by", daily unfurl counters, digest claims) expire on their own;
 * paid-response caches hold creator data, not the workspace's.
 *
 * The atomic store has no delete: a write with a TTL of 1 ms resets a key's expiry (AtomicStore's
 * contract), which deletes it as surely.
 */

const EXPIRE_NOW_MS = 1;

/** Every month a budget key may still exist for (they live MONTH_KEY_TTL_MS). */
function monthsBack(now: number): string[] {
  const months = new Set<string>();
  const days = Math.ceil(MONTH_KEY_TTL_MS / (24 * 60 * 60 * 1000)) + 31;
  for (let d = 0; d <= days; d += 14) months.add(monthOf(now - d * 24 * 60 * 60 * 1000));
  return [...months];
}

export async function purgeWorkspace(store: Store, team: string, now: number): Promise<void> {
  const { kv, atomic } = store;
  for (const job of await atomic.readLog(batchKeys.recent(team), 1000)) await kv.delete(batchKeys.job(job));
  await atomic.appendLog(batchKeys.recent(team), '', 1, EXPIRE_NOW_MS);
  for (const month of monthsBack(now)) {
    await atomic.adjust(budgetKeys.committed(team, month), 0, EXPIRE_NOW_MS);
    await atomic.incrementField(budgetKeys.spend(team, month), 'total', 0, EXPIRE_NOW_MS);
    await atomic.appendLog(budgetKeys.spendLog(team, month), '', 1, EXPIRE_NOW_MS);
  }
  await kv.delete(budgetKeys.settings(team));
  await kv.delete(workspaceKeys.apiKey(team));
  await kv.delete(workspaceKeys.workspaceUrl(team));
  await kv.delete(workspaceKeys.unfurlSettings(team));
  await kv.delete(workspaceKeys.digestSettings(team));
  await kv.delete(workspaceKeys.digestTimeZone(team));
  await atomic.removeFromSet(DIGEST_TEAMS, team);
  await kv.delete(workspaceKeys.safetyLists(team));
  const shortlists = (await kv.get(workspaceKeys.shortlistIndex(team))) as string[] | undefined;
  for (const id of shortlists ?? []) await kv.delete(workspaceKeys.shortlist(team, id));
  await kv.delete(workspaceKeys.shortlistIndex(team));
  for (const platform of PLATFORMS) {
    await kv.delete(workspaceKeys.exclusionCopy(team, platform));
    await kv.delete(workspaceKeys.exclusionListId(team, platform));
  }
  await kv.delete(workspaceKeys.exclusionPending(team));
  await atomic.removeFromSet(PENDING_TEAMS, team);
}
