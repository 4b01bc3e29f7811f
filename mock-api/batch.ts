import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import {
  emailLocalPart,
  findCreator,
  findCreatorByEmail,
  isWellFormedEmail,
  type MockCreator,
  parseHandle,
} from './creators.ts';
import { csvSummary, emailAdvancedResult, emailBasicResult, fullResult, rawResult } from './enrichment.ts';
import { isFaultValue, isGhost } from './faults.ts';
import { type CreditLedger, creditsString } from './ledger.ts';
import type { Platform } from './platforms.ts';
import { writeChunk } from './replies.ts';

/**
 * Batch enrichment (api-ref#batch-create … api-ref#batch-resume) as a state machine driven by status polls:
 * create → `queued` (first poll) → `processing` (each poll advances `rowsPerPoll` rows, charging
 * each row with data at the mode's price) → `finished`. When the ledger cannot pay for the next
 * row the batch stops at `paused_insufficient_credits` until `/resume/`.
 */

export type BatchMode = 'raw' | 'full' | 'basic' | 'advanced';
export type BatchStatus = 'queued' | 'processing' | 'finished' | 'failed' | 'paused_insufficient_credits';
export type RowStatus = 'success' | 'not_found' | 'failed';

export interface BatchSettings {
  mode: BatchMode;
  platform: Platform | null;
  metadata: Record<string, unknown> | null;
  emailRequired: 'must_have' | 'preferred';
  includeLookalikes: boolean;
  includeAudience: boolean;
  excludePlatforms: string[];
  minFollowers: number;
}

export interface Batch {
  id: string;
  owner: string;
  createdAt: Date;
  settings: BatchSettings;
  rows: string[];
  outcomes: RowStatus[];
  status: BatchStatus;
  polls: number;
  successCount: number;
  failedCount: number;
  creditsUsedMilli: number;
  statusMessage: string | null;
  /** Set when the file can never be processed: the batch goes to `failed` on its first real poll. */
  failure: string | null;
}

/** Poll interval the docs recommend (api-ref#rate-limit), used for `estimated_completion`. */
const POLL_INTERVAL_MS = 30_000;

export type CsvFile = { column: 'handle' | 'email'; rows: string[] } | { error: string };

function unquote(cell: string): string {
  const trimmed = cell.trim();
  return trimmed.length >= 2 && trimmed.startsWith('"') && trimmed.endsWith('"')
    ? trimmed.slice(1, -1).replaceAll('""', '"')
    : trimmed;
}

/** One column with a `handle` or `email` header (api-ref#batch-create). */
export function parseBatchCsv(text: string): CsvFile {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const headerIndex = lines.findIndex((line) => line.trim() !== '');
  if (headerIndex < 0) return { error: 'The file is empty.' };
  const header = unquote(lines[headerIndex]!).toLowerCase();
  if (header !== 'handle' && header !== 'email') {
    return { error: 'The file must have one column with the header "handle" or "email".' };
  }
  const rows: string[] = [];
  for (let i = headerIndex + 1; i < lines.length; i++) {
    const value = unquote(lines[i]!);
    if (value !== '') rows.push(value);
  }
  if (rows.length === 0) return { error: 'The file has no rows.' };
  return { column: header, rows };
}

function creatorFor(settings: BatchSettings, value: string): MockCreator | null {
  if (settings.mode === 'basic' || settings.mode === 'advanced') {
    return isWellFormedEmail(value) ? findCreatorByEmail(value) : null;
  }
  const handle = settings.platform === null ? null : parseHandle(settings.platform, value);
  return handle === null || settings.platform === null ? null : findCreator(settings.platform, handle);
}

export function rowOutcome(settings: BatchSettings, value: string): RowStatus {
  const email = settings.mode === 'basic' || settings.mode === 'advanced';
  const key = email ? emailLocalPart(value) : value;
  if (isFaultValue(key)) return 'failed';
  if (isGhost(key)) return 'not_found';
  const creator = creatorFor(settings, value);
  if (creator === null) return 'failed';
  if (settings.mode === 'full' && settings.emailRequired === 'must_have' && creator.email === undefined) {
    return 'not_found';
  }
  if (settings.mode === 'advanced' && enrichmentData(settings, value) === null) return 'not_found';
  return 'success';
}

/** The same `result` a single enrichment in this mode returns (api-ref#batch-results). */
export function enrichmentData(settings: BatchSettings, value: string): Record<string, unknown> | null {
  const creator = creatorFor(settings, value);
  if (creator === null) return null;
  switch (settings.mode) {
    case 'raw':
      return rawResult(creator);
    case 'full':
      return fullResult(creator, {
        includeAudience: settings.includeAudience,
        includeLookalikes: settings.includeLookalikes,
      });
    case 'basic':
      return emailBasicResult(creator);
    case 'advanced':
      return emailAdvancedResult(creator, {
        excludePlatforms: settings.excludePlatforms,
        minFollowers: settings.minFollowers,
      });
  }
}

export interface BatchStoreOptions {
  ledger: CreditLedger;
  rowsPerPoll: number;
  /** Milli-credits a row with data costs in `mode`. */
  rowPrice: (mode: BatchMode) => number;
}

export class BatchStore {
  private readonly batches = new Map<string, Batch>();
  private readonly options: BatchStoreOptions;

  constructor(options: BatchStoreOptions) {
    this.options = options;
  }

  create(owner: string, settings: BatchSettings, rows: string[], now = new Date()): Batch {
    const id = `bch_${randomBytes(16).toString('hex')}`;
    const allFaults = rows.every((row) =>
      isFaultValue(settings.mode === 'basic' || settings.mode === 'advanced' ? emailLocalPart(row) : row),
    );
    let failure: string | null = null;
    if (rows[0]?.startsWith('#fail')) failure = 'Batch failed: the file could not be processed.';
    else if (allFaults) failure = 'Batch failed: no row in the file could be processed.';
    const batch: Batch = {
      id,
      owner,
      createdAt: now,
      settings,
      rows,
      outcomes: [],
      status: 'queued',
      polls: 0,
      successCount: 0,
      failedCount: 0,
      creditsUsedMilli: 0,
      statusMessage: null,
      failure,
    };
    this.batches.set(id, batch);
    return batch;
  }

  /** Batches belong to the key that created them; another key's id is as unknown as a made-up one. */
  get(owner: string, id: string): Batch | undefined {
    const batch = this.batches.get(id);
    return batch?.owner === owner ? batch : undefined;
  }

  getAny(id: string): Batch | undefined {
    return this.batches.get(id);
  }

  /** One status call's worth of progress. */
  poll(batch: Batch): void {
    batch.polls += 1;
    if (batch.status === 'queued') {
      if (batch.polls === 1) return;
      if (batch.failure !== null) {
        batch.status = 'failed';
        batch.statusMessage = batch.failure;
        return;
      }
      batch.status = 'processing';
    }
    if (batch.status !== 'processing') return;
    const { ledger, rowsPerPoll, rowPrice } = this.options;
    const price = rowPrice(batch.settings.mode);
    const end = Math.min(batch.rows.length, batch.outcomes.length + rowsPerPoll);
    let chargedMilli = 0;
    while (batch.outcomes.length < end) {
      const outcome = rowOutcome(batch.settings, batch.rows[batch.outcomes.length]!);
      if (outcome === 'success') {
        if (!ledger.charge('', price, false)) {
          batch.status = 'paused_insufficient_credits';
          batch.statusMessage =
            'Batch paused: insufficient credits. Add credits and resume the batch to continue.';
          break;
        }
        chargedMilli += price;
        batch.successCount += 1;
      } else {
        batch.failedCount += 1;
      }
      batch.outcomes.push(outcome);
    }
    if (chargedMilli > 0) {
      batch.creditsUsedMilli += chargedMilli;
      // One ledger line per poll: a 10,000-row batch should not add 10,000 lines.
      ledger.record('/public/v1/enrichment/batch/', chargedMilli);
    }
    if (batch.status === 'processing' && batch.outcomes.length >= batch.rows.length) {
      batch.status = 'finished';
    }
  }

  /** False when the batch is not paused (the caller answers 400). */
  resume(batch: Batch): boolean {
    if (batch.status !== 'paused_insufficient_credits') return false;
    batch.status = 'processing';
    batch.statusMessage = null;
    return true;
  }

  clear(): void {
    this.batches.clear();
  }
}

function typeReport(mode: BatchMode): string {
  return mode === 'basic' || mode === 'advanced' ? 'ENRICH_BY_EMAIL' : 'ENRICH_BY_HANDLE';
}

/** Create response (api-ref#batch-create). */
export function createView(batch: Batch) {
  return {
    batch_id: batch.id,
    status: batch.status,
    created_at: batch.createdAt.toISOString(),
    platform: batch.settings.platform,
    metadata: batch.settings.metadata,
    og_input_number: batch.rows.length,
    type_report: typeReport(batch.settings.mode),
    enrichment_mode: batch.settings.mode,
    message: 'Batch created and queued for processing.',
  };
}

/** Status response (api-ref#batch-status); `/resume/` answers it too (api-ref#batch-resume: shape undocumented). */
export function statusView(batch: Batch, rowsPerPoll: number, now = Date.now()) {
  const remaining = batch.rows.length - batch.outcomes.length;
  const running = batch.status === 'queued' || batch.status === 'processing';
  return {
    batch_id: batch.id,
    status: batch.status,
    total_rows: batch.rows.length,
    processed_rows: batch.outcomes.length,
    success_count: batch.successCount,
    failed_count: batch.failedCount,
    started_at: batch.createdAt.toISOString(),
    metadata: batch.settings.metadata ?? {},
    credits_used: creditsString(batch.creditsUsedMilli),
    estimated_completion: running
      ? new Date(now + Math.ceil(remaining / Math.max(1, rowsPerPoll) + 1) * POLL_INTERVAL_MS).toISOString()
      : null,
    status_message: batch.statusMessage,
  };
}

const FLUSH_AT = 64 * 1024;

/** `?format=json`: written row by row so a 10,000-row full batch never becomes one giant string. */
export async function writeJsonResults(batch: Batch, out: ServerResponse): Promise<void> {
  let buffer = '[';
  for (let i = 0; i < batch.rows.length; i++) {
    const value = batch.rows[i]!;
    const status = batch.outcomes[i] ?? 'failed';
    const row = {
      input_value: value,
      status,
      enrichment_data: status === 'success' ? enrichmentData(batch.settings, value) : null,
    };
    buffer += (i === 0 ? '' : ',') + JSON.stringify(row);
    if (buffer.length >= FLUSH_AT) {
      const pending = writeChunk(out, buffer);
      buffer = '';
      if (pending !== undefined) await pending;
    }
  }
  buffer += ']';
  await writeChunk(out, buffer);
}

export const CSV_COLUMNS = [
  'input_value',
  'status',
  'platform',
  'username',
  'full_name',
  'followers',
  'engagement_percent',
  'email',
] as const;

function csvCell(value: string | number): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * `?format=csv` and the presigned download. The real column layout is undocumented (api-ref#open-questions q12): one
 * summary row per input.
 */
export async function writeCsvResults(batch: Batch, out: ServerResponse): Promise<void> {
  let buffer = `${CSV_COLUMNS.join(',')}\n`;
  for (let i = 0; i < batch.rows.length; i++) {
    const value = batch.rows[i]!;
    const status = batch.outcomes[i] ?? 'failed';
    const creator = status === 'success' ? creatorFor(batch.settings, value) : null;
    const summary = creator === null ? null : csvSummary(creator);
    const cells = [
      value,
      status,
      summary?.platform ?? '',
      summary?.username ?? '',
      summary?.full_name ?? '',
      summary?.followers ?? '',
      summary?.engagement_percent ?? '',
      summary?.email ?? '',
    ];
    buffer += `${cells.map(csvCell).join(',')}\n`;
    if (buffer.length >= FLUSH_AT) {
      const pending = writeChunk(out, buffer);
      buffer = '';
      if (pending !== undefined) await pending;
    }
  }
  await writeChunk(out, buffer);
}
