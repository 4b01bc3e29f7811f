import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { parse } from 'csv-parse';
import { csvWriter } from '../csv/export.ts';
import type { BatchResultRow, InfluencersClubClient } from '../ic/client.ts';
import { PLATFORMS, type Platform } from '../ic/platforms.ts';
import { type CreatorProfile, profileUrlFor, toCreatorProfile, toCreatorSummary } from '../ic/profile.ts';
import { toNumber, toText } from '../ic/schemas.ts';
import type { BatchJob, ResultsSummary, TopCreator } from './jobs.ts';

/**
 * A finished batch as the flat CSV Scout uploads into the thread: one row per input, streamed from
 * the API (rows can be 200 KB each in full mode, api-ref#enrich-full, so they are never held together) through
 * csvWriter (formula-safe, src/csv/export.ts). JSON results first (`?format=json`, what the MCP
 * uses, api-ref#batch-results); if they fail, the presigned CSV download.
 */

export const RESULT_COLUMNS = [
  { key: 'input', header: 'input' },
  { key: 'status', header: 'status' },
  { key: 'platform', header: 'platform' },
  { key: 'username', header: 'username' },
  { key: 'name', header: 'name' },
  { key: 'followers', header: 'followers' },
  { key: 'engagement', header: 'engagement %' },
  { key: 'email', header: 'email' },
  { key: 'location', header: 'location' },
  { key: 'niche', header: 'niche' },
  { key: 'profileUrl', header: 'profile URL' },
] as const;

export type RowStatus = 'found' | 'not found' | 'failed';

export interface ResultRecord {
  input: string;
  status: RowStatus;
  platform: string | null;
  username: string | null;
  name: string | null;
  followers: number | null;
  engagement: number | null;
  email: string | null;
  location: string | null;
  niche: string | null;
  profileUrl: string | null;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The API's row status; the success value is undocumented (api-ref#batch-results), so data decides. */
function rowStatus(status: string | null, hasData: boolean): RowStatus {
  const s = (status ?? '').toLowerCase().replace(/[\s-]+/g, '_');
  if (s === 'not_found' || s === 'no_data' || s === 'notfound') return 'not found';
  if (s === 'failed' || s === 'error' || s === 'invalid') return 'failed';
  return hasData ? 'found' : 'not found';
}

function fromProfile(
  input: string,
  status: RowStatus,
  p: CreatorProfile,
  email: string | null,
): ResultRecord {
  return {
    input,
    status,
    platform: p.platform,
    username: p.handle,
    name: p.name,
    followers: p.followers,
    engagement: p.engagementPercent,
    email: p.email ?? email,
    location: p.location,
    niche: p.niches.length > 0 ? p.niches.slice(0, 3).join('; ') : null,
    profileUrl: p.profileUrl,
  };
}

function emptyRecord(input: string, status: RowStatus): ResultRecord {
  return {
    input,
    status,
    platform: null,
    username: null,
    name: null,
    followers: null,
    engagement: null,
    email: null,
    location: null,
    niche: null,
    profileUrl: null,
  };
}

/** One `?format=json` row: the same `result` a single enrichment in that mode returns (api-ref#batch-results). */
export function recordFromJsonRow(
  row: BatchResultRow,
  job: Pick<BatchJob, 'mode' | 'platform'>,
): ResultRecord {
  const input = toText(row.input_value) ?? '';
  const data = row.enrichment_data;
  const status = rowStatus(toText(row.status), data !== null && Object.keys(data).length > 0);
  if (data === null || status !== 'found') return emptyRecord(input, status);
  switch (job.mode) {
    case 'raw':
    case 'full':
      return fromProfile(input, status, toCreatorProfile(data, job.platform ?? 'instagram'), null);
    case 'basic': {
      // `{platform, userId, url, username, fullname, picture, followers}` (api-ref#email-basic)
      const s = toCreatorSummary(data);
      return {
        ...emptyRecord(input, status),
        platform: s.platform,
        username: s.handle,
        name: s.name,
        followers: s.followers,
        engagement: s.engagementPercent,
        email: input,
        profileUrl: s.url,
      };
    }
    case 'advanced': {
      // Undocumented shape (api-ref#email-advanced); most likely one block per platform: report the biggest.
      let best: CreatorProfile | null = null;
      for (const platform of PLATFORMS) {
        if (!isObj(data[platform])) continue;
        const profile = toCreatorProfile(data, platform);
        if (best === null || (profile.followers ?? -1) > (best.followers ?? -1)) best = profile;
      }
      return best === null
        ? { ...emptyRecord(input, status), email: input }
        : fromProfile(input, status, best, input);
    }
  }
}

const pick = (row: Obj, keys: readonly string[]): string | null => {
  for (const key of keys) {
    const value = toText(row[key]);
    if (value !== null && value.trim() !== '') return value.trim();
  }
  return null;
};

/** One row of the presigned CSV. Its column layout is undocumented (api-ref#open-questions q12): read common names. */
export function recordFromCsvRow(row: Obj): ResultRecord {
  const input = pick(row, ['input_value', 'input', 'handle', 'email', 'value']) ?? '';
  const username = pick(row, ['username', 'handle_found', 'user_name']);
  const followers = toNumber(pick(row, ['followers', 'follower_count', 'subscriber_count']));
  const status = rowStatus(pick(row, ['status']), username !== null || followers !== null);
  const platformText = pick(row, ['platform'])?.toLowerCase() ?? null;
  const platform = PLATFORMS.find((p) => p === platformText) ?? null;
  return {
    input,
    status,
    platform: platformText,
    username,
    name: pick(row, ['full_name', 'fullname', 'name']),
    followers,
    engagement: toNumber(pick(row, ['engagement_percent', 'engagement'])),
    email: pick(row, ['email', 'email_address']),
    location: pick(row, ['location', 'country']),
    niche: pick(row, ['niche', 'niches', 'category']),
    profileUrl:
      pick(row, ['profile_url', 'url', 'link']) ??
      (platform !== null && username !== null ? profileUrlFor(platform as Platform, username) : null),
  };
}

const TOP = 5;

/** Counts and the five biggest creators, gathered while rows stream past. */
export class ResultsTally {
  rows = 0;
  found = 0;
  notFound = 0;
  failed = 0;
  readonly top: TopCreator[] = [];

  add(record: ResultRecord): void {
    this.rows += 1;
    if (record.status === 'found') this.found += 1;
    else if (record.status === 'not found') this.notFound += 1;
    else this.failed += 1;
    if (record.status !== 'found' || record.followers === null) return;
    const smallest = this.top.at(-1);
    if (this.top.length >= TOP && smallest && (smallest.followers ?? 0) >= record.followers) return;
    this.top.push({
      name: record.name,
      handle: record.username,
      platform: record.platform,
      followers: record.followers,
      url: record.profileUrl,
    });
    this.top.sort((a, b) => (b.followers ?? 0) - (a.followers ?? 0));
    if (this.top.length > TOP) this.top.length = TOP;
  }
}

/** Streams records into the CSV bytes; the output (a few hundred bytes a row) is all that is kept. */
export async function writeResultsCsv(
  records: AsyncIterable<ResultRecord>,
  tally: ResultsTally = new ResultsTally(),
): Promise<{ csv: Buffer; tally: ResultsTally }> {
  const writer = csvWriter(RESULT_COLUMNS);
  const chunks: Buffer[] = [];
  writer.on('data', (chunk: Buffer | string) => {
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  });
  const done = finished(writer);
  try {
    for await (const record of records) {
      tally.add(record);
      if (!writer.write(record)) await once(writer, 'drain');
    }
  } catch (error) {
    writer.destroy();
    await done.catch(() => {});
    throw error;
  }
  writer.end();
  await done;
  return { csv: Buffer.concat(chunks), tally };
}

export interface ResultsFile {
  csv: Buffer;
  summary: ResultsSummary;
}

/** `creators.csv` → `creators-enriched.csv` (a plain file name Slack shows as is). */
export function resultsFileName(original: string): string {
  const base = original
    .replace(/\.csv$/i, '')
    .replace(/[^\p{L}\p{N}._ -]+/gu, '_')
    .trim()
    .slice(0, 80);
  return `${base || 'creators'}-enriched.csv`;
}

/** What the results step reads of a job (all a worker thread is given, src/batch/results-isolated.ts). */
export type ResultsJob = Pick<BatchJob, 'batchId' | 'mode' | 'platform' | 'fileName'>;

async function* jsonRecords(ic: InfluencersClubClient, job: ResultsJob): AsyncIterable<ResultRecord> {
  for await (const row of ic.batchResults(job.batchId)) yield recordFromJsonRow(row, job);
}

async function* csvRecords(ic: InfluencersClubClient, job: ResultsJob): AsyncIterable<ResultRecord> {
  const download = await ic.batchDownload(job.batchId);
  const body = await ic.openPresignedDownload(download.download_url);
  const parser = parse({
    bom: true,
    columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
    relax_column_count: true,
    skip_empty_lines: true,
    trim: true,
  });
  body.on('error', (error) => parser.destroy(error));
  body.pipe(parser);
  try {
    for await (const row of parser as AsyncIterable<Obj>) yield recordFromCsvRow(row);
  } finally {
    body.destroy();
    parser.destroy();
  }
}

/**
 * The results as the CSV to upload and the summary to post. JSON first; on any failure the
 * presigned CSV, written from scratch (a half-written file is never uploaded).
 */
export async function fetchResults(
  ic: InfluencersClubClient,
  job: ResultsJob,
  onFallback?: (error: unknown) => void,
): Promise<ResultsFile> {
  const fileName = resultsFileName(job.fileName);
  const summarise = (tally: ResultsTally, source: 'json' | 'csv'): ResultsSummary => ({
    rows: tally.rows,
    found: tally.found,
    notFound: tally.notFound,
    failed: tally.failed,
    top: tally.top,
    fileName,
    source,
  });
  try {
    const { csv, tally } = await writeResultsCsv(jsonRecords(ic, job));
    return { csv, summary: summarise(tally, 'json') };
  } catch (error) {
    onFallback?.(error);
    const { csv, tally } = await writeResultsCsv(csvRecords(ic, job));
    return { csv, summary: summarise(tally, 'csv') };
  }
}
