import { loadJob, recentJobs } from '../batch/jobs.ts';
import type { SpendEntry } from '../budget/guard.ts';
import { budgetKeys, monthOf } from '../budget/keys.ts';
import { creditsToMilli, milliToCredits } from '../ic/prices.ts';
import type { Store } from '../store/types.ts';

/**
 * What one weekly digest says: last week's spend by feature and by person (from the spend log,
 * which keeps the latest 500 entries per month), and the batch jobs that finished in the week.
 * Shortlists and status changes belong to another feature: `shortlists` stays null until it lands.
 */

export interface DigestJob {
  fileName: string;
  rows: number;
  creditsUsed: number;
  status: string;
  channel: string;
  threadTs: string;
}

export interface DigestData {
  from: number;
  to: number;
  total: number;
  lookups: number;
  byFeature: Record<string, number>;
  byUser: Record<string, number>;
  jobs: DigestJob[];
  /** HOOK(shortlists): creators added to shortlists and status changes, once that feature exists. */
  shortlists: null;
}

const LOG_LIMIT = 500;
const JOBS_LIMIT = 100;

async function spendIn(store: Store, team: string, from: number, to: number): Promise<SpendEntry[]> {
  const months = [...new Set([monthOf(from), monthOf(to - 1)])];
  const lines = (
    await Promise.all(months.map((m) => store.atomic.readLog(budgetKeys.spendLog(team, m), LOG_LIMIT)))
  ).flat();
  return lines.flatMap((line) => {
    try {
      const entry = JSON.parse(line) as SpendEntry;
      return typeof entry.at === 'number' && entry.at >= from && entry.at < to ? [entry] : [];
    } catch {
      return [];
    }
  });
}

export async function gatherDigest(
  store: Store,
  team: string,
  from: number,
  to: number,
): Promise<DigestData> {
  const entries = await spendIn(store, team, from, to);
  const byFeature: Record<string, number> = {};
  const byUser: Record<string, number> = {};
  let total = 0;
  for (const e of entries) {
    const milli = creditsToMilli(Number(e.actual) || 0);
    total += milli;
    byFeature[e.feature] = (byFeature[e.feature] ?? 0) + milli;
    byUser[e.user] = (byUser[e.user] ?? 0) + milli;
  }
  const toCredits = (r: Record<string, number>) =>
    Object.fromEntries(
      Object.entries(r)
        .filter(([, m]) => m > 0)
        .map(([k, m]) => [k, milliToCredits(m)]),
    );
  const recent = await recentJobs(store, team, JOBS_LIMIT);
  const jobs = (await Promise.all(recent.map((j) => loadJob(store, j.id)))).flatMap((job) =>
    job && job.finishedAt !== null && job.finishedAt >= from && job.finishedAt < to
      ? [
          {
            fileName: job.fileName,
            rows: job.rows,
            creditsUsed: job.progress.creditsUsed,
            status: job.status,
            channel: job.channel,
            threadTs: job.threadTs,
          },
        ]
      : [],
  );
  return {
    from,
    to,
    total: milliToCredits(total),
    lookups: entries.length,
    byFeature: toCredits(byFeature),
    byUser: toCredits(byUser),
    jobs,
    shortlists: null,
  };
}
