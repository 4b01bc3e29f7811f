import type { BudgetGuard } from '../budget/guard.ts';
import { csvWriter } from '../csv/export.ts';
import type { InfluencersClubClient } from '../ic/client.ts';
import { IcError } from '../ic/errors.ts';
import { roundCredits } from '../ic/prices.ts';
import { RESULT_WINDOW } from '../ic/schemas.ts';
import { type DiscoveryQuery, pageRequest } from './request.ts';
import { type DiscoveryRow, toDiscoveryRows } from './results.ts';

/**
 * "Export CSV" on a discovery result: the whole export is reserved against the workspace budget up
 * front, pages of 50 are fetched (0.01 credit per creator returned, api-ref#credits), and the reservation is
 * settled to what was really spent. A page that fails midway stops the export: what was fetched is
 * kept and settled, and the caller uploads it and says so.
 */

export const EXPORT_PAGE_SIZE = 50;

/** Counts offered, all whole pages of 50 so an export never pays for creators it does not keep. */
export const EXPORT_PRESETS = [50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000] as const;

/** The counts to offer for a search with `total` matches: presets below it, then "all" (at most 10,000, api-ref#pagination). */
export function exportChoices(total: number): number[] {
  const all = Math.min(Math.max(0, Math.floor(total)), RESULT_WINDOW);
  if (all === 0) return [];
  return [...EXPORT_PRESETS.filter((n) => n < all), all];
}

/** What is reserved: whole pages, since the last page of "all" may return a full page if results grew. */
export function exportReservation(count: number, pricePerCreator: number): number {
  return roundCredits(Math.ceil(count / EXPORT_PAGE_SIZE) * EXPORT_PAGE_SIZE * pricePerCreator);
}

export interface ExportOutcome {
  requested: number;
  rows: DiscoveryRow[];
  /** Matches the API reported on the last page fetched. */
  total: number | null;
  /** Credits settled against the budget. */
  spent: number;
  /** A failed page may have been billed; it was counted at its estimate. */
  uncertain: boolean;
  /** Why the export stopped early, or null when it finished. */
  failure: unknown;
}

export interface ExportRun {
  guard: Pick<BudgetGuard, 'reserve' | 'settle' | 'estimate' | 'prices'>;
  ic: Pick<InfluencersClubClient, 'discover'>;
  team: string;
  user: string;
  query: DiscoveryQuery;
  count: number;
  summary: string;
  /**
   * Runs once the budget is reserved and before the first page (posts the thread message). If it
   * throws, the reservation is released and the error re-thrown: nothing was spent.
   */
  start: () => Promise<void>;
  /** Called after each page with the creators fetched so far (progress); its failures are ignored. */
  onPage?: (fetched: number) => Promise<void>;
}

/** Throws BudgetExceededError / AccountCreditsError before anything is called. */
export async function runExport(run: ExportRun): Promise<ExportOutcome> {
  const { guard, team, query, count } = run;
  const reservation = await guard.reserve(team, exportReservation(count, guard.prices.discovery_per_creator));
  const entry = {
    user: run.user,
    feature: 'export' as const,
    operation: 'discovery' as const,
    summary: `export of ${count}: ${run.summary}`,
  };
  try {
    await run.start();
  } catch (error) {
    await guard.settle(reservation, 0, entry);
    throw error;
  }
  const outcome: ExportOutcome = {
    requested: count,
    rows: [],
    total: null,
    spent: 0,
    uncertain: false,
    failure: null,
  };
  try {
    for (let page = 0; outcome.rows.length < count; page++) {
      const request = pageRequest(query, page, EXPORT_PAGE_SIZE);
      try {
        const { data, creditsCost } = await run.ic.discover(request);
        outcome.spent = roundCredits(outcome.spent + creditsCost);
        outcome.total = data.total ?? outcome.total;
        outcome.rows.push(...toDiscoveryRows(data.accounts, query.platform, page * EXPORT_PAGE_SIZE + 1));
        if (data.accounts.length < EXPORT_PAGE_SIZE) break;
        await run.onPage?.(outcome.rows.length).catch(() => undefined);
      } catch (error) {
        outcome.failure = error;
        // Same rule as the guard: a page that may have been billed counts at its estimate.
        if (!(error instanceof IcError) || error.mayHaveCharged) {
          outcome.spent = roundCredits(outcome.spent + guard.estimate('discovery', request));
          outcome.uncertain = true;
        }
        break;
      }
    }
  } finally {
    await guard.settle(reservation, outcome.spent, {
      ...entry,
      ...(outcome.uncertain ? { uncertain: true } : {}),
    });
  }
  return outcome;
}

const CSV_COLUMNS = [
  { key: 'rank', header: 'rank' },
  { key: 'platform', header: 'platform' },
  { key: 'username', header: 'username' },
  { key: 'name', header: 'name' },
  { key: 'followers', header: 'followers' },
  { key: 'engagement', header: 'engagement %' },
  { key: 'location', header: 'location' },
  { key: 'url', header: 'profile URL' },
  { key: 'userId', header: 'user id' },
] as const;

/** The CSV bytes, through csvWriter (formula escaping, BOM). Missing values are empty cells. */
export async function discoveryCsv(rows: readonly DiscoveryRow[]): Promise<Buffer> {
  const writer = csvWriter(CSV_COLUMNS);
  const chunks: Buffer[] = [];
  writer.on('data', (chunk: Buffer | string) => {
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  });
  const done = new Promise<void>((resolve, reject) => {
    writer.on('end', resolve);
    writer.on('error', reject);
  });
  for (const row of rows) {
    writer.write({
      rank: row.rank,
      platform: row.platform,
      username: row.handle ?? '',
      name: row.name ?? '',
      followers: row.followers ?? '',
      engagement: row.engagementPercent ?? '',
      location: row.location ?? '',
      url: row.url ?? '',
      userId: row.userId ?? '',
    });
  }
  writer.end();
  await done;
  return Buffer.concat(chunks);
}
