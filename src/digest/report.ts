import { loadJob, recentJobs } from '../batch/jobs.ts';
import type { SpendEntry } from '../budget/guard.ts';
import { budgetKeys, monthOf } from '../budget/keys.ts';
import { creditsToMilli, milliToCredits } from '../ic/prices.ts';
import { Shortlists } from '../shortlists/store.ts';
import type { Store } from '../store/types.ts';

/**
 * What one weekly digest says: last week's spend by feature and by person (from the spend log,
 * which keeps the latest 500 entries per month), the batch jobs that finished in the week, and the
 * shortlists' activity: creators added and status changes (from each entry's history).
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
  /** Creators added to the workspace's shortlists and status changes in the week, oldest first. */
  shortlists: DigestShortlistEvent[];
}

export interface DigestShortlistEvent {
  list: string;
  /** `@handle` (platform) of the creator. */
  creator: string;
  platform: string;
  /** `new` for an add, else the status it moved to. */
  status: string;
  by: string;
  at: number;
}

const SHORTLIST_EVENTS_LIMIT = 200;

async function shortlistEvents(
  store: Store,
  team: string,
  from: number,
  to: number,
): Promise<DigestShortlistEvent[]> {
  const lists = await new Shortlists(store, Date.now).all(team, { archived: true });
  const events = lists.flatMap((list) =>
    list.entries.flatMap((entry) =>
      entry.history
        .filter((h) => h.at >= from && h.at < to)
        .map((h) => ({
          list: list.name,
          creator: entry.creator.h,
          platform: entry.creator.p,
          status: h.status,
          by: h.by,
          at: h.at,
        })),
    ),
  );
  return events.sort((a, b) => a.at - b.at).slice(-SHORTLIST_EVENTS_LIMIT);
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
    shortlists: await shortlistEvents(store, team, from, to),
  };
}
