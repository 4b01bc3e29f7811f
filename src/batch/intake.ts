import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { parse } from 'csv-parse';
import type { BatchPlatform } from '../ic/platforms.ts';
import { MAX_BATCH_BYTES, MAX_BATCH_ROWS } from '../ic/schemas.ts';
import { type CreatorColumn, findCreatorColumn, readCell, UNREADABLE } from './intake-cells.ts';

/**
 * Reading a CSV someone dropped in a channel: which files Scout answers at all, then one streaming
 * pass (csv-parse) that finds the creator column, reads every cell as a handle, profile link or
 * email (src/batch/intake-cells.ts), drops duplicates and remembers a few bad lines to quote back.
 * What is then sent for the platform chosen is worked out in src/batch/intake-list.ts.
 *
 * Memory stays bounded whatever the file: at most MAX_DISTINCT different creators are kept (a batch
 * takes 10,000, api-ref#batch-create); past that only rows are counted.
 */

/** Different creators kept while reading; a file with more cannot be one batch anyway. */
export const MAX_DISTINCT = MAX_BATCH_ROWS * 2;
/** Bad lines quoted back to the user. */
export const SAMPLE_LINES = 5;
/** A record longer than this is not a row of creators (binary data, a missing quote). */
const MAX_RECORD_BYTES = 64 * 1024;

/** Why a file was turned down, in a form the view can explain. */
export type IntakeProblem =
  | { code: 'too_large'; bytes: number }
  | { code: 'spreadsheet'; filetype: string }
  | { code: 'binary' }
  | { code: 'html' }
  | { code: 'empty' }
  | { code: 'header_only'; column: string | null }
  | { code: 'no_column'; header: string[] }
  | { code: 'no_valid_rows'; rows: number; samples: SkippedLine[] }
  | { code: 'too_many'; rows: number; distinct: number | null }
  | { code: 'download_failed'; reason: 'sign_in_page' | 'untrusted_host' | 'http' | 'network' };

export class IntakeError extends Error {
  override readonly name = 'IntakeError';
  readonly problem: IntakeProblem;
  constructor(problem: IntakeProblem) {
    super(`CSV intake refused: ${problem.code}`);
    this.problem = problem;
  }
}

export interface SkippedLine {
  line: number;
  /** What the cell said (as written, trimmed). */
  text: string;
  reason: string;
}

// -----------------------------------------------------------------------------------------------
// Which shared files Scout answers

export interface SharedFile {
  id: string;
  name?: string | undefined;
  filetype?: string | undefined;
  mimetype?: string | undefined;
  size?: number | undefined;
}

/**
 * - `read`: a CSV by type or name; it is downloaded and checked by content.
 * - `refuse`: plausibly a list of creators in a form Scout cannot read (a spreadsheet, a CSV over
 *   10 MB): one friendly reply in the thread.
 * - `ignore`: everything else (images, video, PDFs, documents, archives, code snippets): files
 *   people share in a channel for other reasons. Scout stays quiet.
 */
export type FileDecision =
  | { action: 'read' }
  | { action: 'refuse'; problem: IntakeProblem }
  | { action: 'ignore' };

const SPREADSHEET_TYPES = new Set(['xlsx', 'xls', 'xlsm', 'ods', 'numbers', 'gsheet', 'tsv']);
const SPREADSHEET_MIME =
  /^(application\/vnd\.openxmlformats-officedocument\.spreadsheetml|application\/vnd\.ms-excel|application\/vnd\.oasis\.opendocument\.spreadsheet|text\/tab-separated-values)/i;

export function decideFile(file: SharedFile): FileDecision {
  const name = (file.name ?? '').toLowerCase();
  const filetype = (file.filetype ?? '').toLowerCase();
  const mimetype = (file.mimetype ?? '').toLowerCase();
  const extension = /\.([a-z0-9]{1,8})$/.exec(name)?.[1] ?? '';
  const isCsv =
    filetype === 'csv' ||
    extension === 'csv' ||
    mimetype === 'text/csv' ||
    mimetype === 'application/csv' ||
    mimetype === 'text/comma-separated-values';
  if (isCsv) {
    if (typeof file.size === 'number' && file.size > MAX_BATCH_BYTES) {
      return { action: 'refuse', problem: { code: 'too_large', bytes: file.size } };
    }
    return { action: 'read' };
  }
  if (
    SPREADSHEET_TYPES.has(filetype) ||
    SPREADSHEET_TYPES.has(extension) ||
    SPREADSHEET_MIME.test(mimetype)
  ) {
    return {
      action: 'refuse',
      problem: { code: 'spreadsheet', filetype: filetype || extension || 'spreadsheet' },
    };
  }
  return { action: 'ignore' };
}

// -----------------------------------------------------------------------------------------------
// The whole file

/** One different creator found in the file: its canonical value, the platform its link named, its first line. */
export type Entry = readonly [value: string, platform: BatchPlatform | '', line: number];

export interface CsvIntake {
  kind: 'handle' | 'email';
  column: CreatorColumn;
  /** Data rows (blank lines not counted). */
  rows: number;
  /** Different creators in file order, at most MAX_DISTINCT. */
  entries: Entry[];
  /**
   * More different creators than MAX_DISTINCT: `entries` and the counts stop there (only `rows`
   * goes on), since such a file is refused anyway.
   */
  overflow: boolean;
  /** Rows repeating an earlier creator in the same form (`@Nike` after `nike`). */
  duplicates: number;
  /** Rows that are not a creator of this kind (including emails in a list of handles and vice versa). */
  invalid: number;
  invalidSamples: SkippedLine[];
  /** Profile links per platform, for guessing the platform. */
  linkPlatforms: Partial<Record<BatchPlatform, number>>;
  /** The delimiter the header row used. */
  delimiter: ',' | ';' | '\t';
}

export interface ReadCsvOptions {
  maxBytes?: number;
}

/** Read a downloaded CSV (a stream of bytes). Throws IntakeError for a file Scout cannot use. */
export async function readCreatorCsv(
  source: AsyncIterable<Buffer | Uint8Array | string> | Iterable<Buffer | Uint8Array | string>,
  options: ReadCsvOptions = {},
): Promise<CsvIntake> {
  const maxBytes = options.maxBytes ?? MAX_BATCH_BYTES;
  const rows = new CreatorRows();
  let parser: Parser | null = null;
  let parseError: unknown = null;
  let bytes = 0;
  let head: Buffer[] = [];
  let headBytes = 0;

  // The first few KB decide whether this is text at all, and which delimiter it uses.
  const startParsing = (): Parser => {
    const first = Buffer.concat(head);
    head = [];
    const problem = sniff(first);
    if (problem !== null) throw new IntakeError(problem);
    rows.delimiter = delimiterOf(first);
    const created = makeParser(rows.delimiter, (line) => rows.unreadable(line));
    created.on('data', (item: { record: string[]; info: { lines: number } }) => {
      rows.add(item.record, item.info.lines);
    });
    created.on('error', (error) => {
      parseError = error;
    });
    created.write(first);
    return created;
  };

  for await (const chunk of source) {
    const buffer =
      typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
    bytes += buffer.length;
    if (bytes > maxBytes) throw new IntakeError({ code: 'too_large', bytes });
    if (parser === null) {
      head.push(buffer);
      headBytes += buffer.length;
      if (headBytes >= SNIFF_BYTES) parser = startParsing();
      continue;
    }
    if (parseError !== null) break;
    if (!parser.write(buffer)) {
      try {
        await once(parser, 'drain');
      } catch {
        break;
      }
    }
  }
  parser ??= startParsing();
  if (parseError === null) {
    const ended = finished(parser);
    parser.end();
    await ended.catch((error: unknown) => {
      parseError = error;
    });
  }
  if (parseError !== null) throw new IntakeError({ code: 'binary' });
  return rows.result();
}

type Parser = ReturnType<typeof parse>;

/** Enough of the file to tell text from binary and find the delimiter. */
const SNIFF_BYTES = 8192;

/**
 * Lenient on purpose: stray quotes inside a cell are kept as text (`relax_quotes`; only left-trim,
 * because csv-parse's right-trim turns `"x")` into an error that swallows the rest of the file),
 * short and long rows are fine, and a record it still cannot read is skipped and reported.
 */
function makeParser(delimiter: string, onSkip: (line: number) => void): Parser {
  return parse({
    bom: true,
    delimiter,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    ltrim: true,
    info: true,
    max_record_size: MAX_RECORD_BYTES,
    on_skip: (error) => {
      const lines = (error as { lines?: unknown } | undefined)?.lines;
      onSkip(typeof lines === 'number' ? lines : 0);
      return undefined;
    },
  });
}

const MAGIC: { bytes: number[]; problem: IntakeProblem }[] = [
  { bytes: [0x50, 0x4b, 0x03, 0x04], problem: { code: 'spreadsheet', filetype: 'xlsx' } },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0], problem: { code: 'spreadsheet', filetype: 'xls' } },
];

/**
 * A binary file named .csv, a spreadsheet renamed, or an HTML page (Slack answers its sign-in page
 * with 200 when the token is not accepted, so the status alone proves nothing).
 */
function sniff(head: Buffer): IntakeProblem | null {
  if (head.length === 0) return null;
  for (const { bytes, problem } of MAGIC) {
    if (bytes.every((b, i) => head[i] === b)) return problem;
  }
  const sample = head.subarray(0, SNIFF_BYTES);
  let control = 0;
  for (const byte of sample) {
    if (byte === 0) return { code: 'binary' };
    if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d) control += 1;
  }
  if (control > sample.length * 0.02) return { code: 'binary' };
  const decoded = sample.toString('utf8');
  const start = decoded
    .replace(/^\uFEFF/, '')
    .trimStart()
    .slice(0, 200)
    .toLowerCase();
  if (start.startsWith('<!doctype html') || start.startsWith('<html')) return { code: 'html' };
  const replaced = decoded.split('\uFFFD').length - 1;
  if (replaced > sample.length * 0.1) return { code: 'binary' };
  return null;
}

/** The delimiter used most in the first line (outside quotes): `,`, `;` (European Excel) or tab. */
function delimiterOf(head: Buffer): ',' | ';' | '\t' {
  const text = head.toString('utf8');
  const end = text.search(/\r?\n/);
  const firstLine = (end < 0 ? text : text.slice(0, end)).replace(/"[^"]*"/g, '');
  const counts = { ',': 0, ';': 0, '\t': 0 };
  for (const char of firstLine) if (char === ',' || char === ';' || char === '\t') counts[char] += 1;
  if (counts[';'] > counts[','] && counts[';'] >= counts['\t']) return ';';
  if (counts['\t'] > counts[',']) return '\t';
  return ',';
}

/** Rows in, creators out: header, column, kind by majority, de-duplication. */
class CreatorRows {
  delimiter: ',' | ';' | '\t' = ',';
  private column: CreatorColumn | null = null;
  private noColumnHeader: string[] | null = null;
  private rows = 0;
  private readonly handles = new Map<string, Entry>();
  private readonly emails = new Map<string, Entry>();
  private handleRows = 0;
  private emailRows = 0;
  private handleDuplicates = 0;
  private emailDuplicates = 0;
  private invalid = 0;
  private readonly invalidSamples: SkippedLine[] = [];
  /** First lines of each kind, to quote the minority kind as skipped. */
  private readonly handleLines: SkippedLine[] = [];
  private readonly emailLines: SkippedLine[] = [];
  private readonly linkPlatforms: Partial<Record<BatchPlatform, number>> = {};
  private overflow = false;

  add(record: string[], line: number): void {
    if (this.noColumnHeader !== null) return;
    if (record.every((cell) => cell.trim() === '')) return;
    if (this.column === null) {
      const found = findCreatorColumn(record);
      if (found === null) {
        this.noColumnHeader = record.slice(0, 10).map((c) => c.slice(0, 40));
        return;
      }
      this.column = found.column;
      if (found.header) return;
    }
    this.rows += 1;
    // Past MAX_DISTINCT the file can only be refused as too big: count rows, read no more cells.
    if (this.overflow) return;
    const raw = (record[this.column.index] ?? '').trim();
    const value = readCell(raw);
    switch (value.kind) {
      case 'invalid':
        this.invalid += 1;
        if (this.invalidSamples.length < SAMPLE_LINES) {
          this.invalidSamples.push({ line, text: raw, reason: value.reason });
        }
        return;
      case 'email': {
        this.emailRows += 1;
        if (this.emailLines.length < SAMPLE_LINES) {
          this.emailLines.push({ line, text: raw, reason: 'an email address in a list of handles' });
        }
        if (this.emails.has(value.email)) this.emailDuplicates += 1;
        else this.keep(this.emails, value.email, [value.email, '', line]);
        return;
      }
      case 'handle': {
        this.handleRows += 1;
        if (this.handleLines.length < SAMPLE_LINES) {
          this.handleLines.push({ line, text: raw, reason: 'not an email address' });
        }
        if (value.platform !== null) {
          this.linkPlatforms[value.platform] = (this.linkPlatforms[value.platform] ?? 0) + 1;
        }
        const key = `${value.platform ?? ''}:${value.handle}`;
        if (this.handles.has(key)) this.handleDuplicates += 1;
        else this.keep(this.handles, key, [value.handle, value.platform ?? '', line]);
        return;
      }
    }
  }

  /** A record csv-parse could not read (an unclosed quote runs to the end of the file). */
  unreadable(line: number): void {
    if (this.column === null && this.noColumnHeader === null) return;
    this.rows += 1;
    this.invalid += 1;
    if (this.invalidSamples.length < SAMPLE_LINES) {
      this.invalidSamples.push({ line, text: '', reason: UNREADABLE });
    }
  }

  private keep(map: Map<string, Entry>, key: string, entry: Entry): void {
    if (this.handles.size + this.emails.size >= MAX_DISTINCT) {
      this.overflow = true;
      return;
    }
    map.set(key, entry);
  }

  result(): CsvIntake {
    if (this.noColumnHeader !== null)
      throw new IntakeError({ code: 'no_column', header: this.noColumnHeader });
    if (this.column === null) throw new IntakeError({ code: 'empty' });
    if (this.rows === 0) throw new IntakeError({ code: 'header_only', column: this.column.name });
    // The column's content decides; the header only breaks a tie.
    const kind: 'handle' | 'email' =
      this.emailRows > this.handleRows || (this.emailRows === this.handleRows && this.column.said === 'email')
        ? 'email'
        : 'handle';
    const minority = kind === 'email' ? this.handleLines : this.emailLines;
    const minorityRows = kind === 'email' ? this.handleRows : this.emailRows;
    const samples = [...this.invalidSamples, ...minority]
      .sort((a, b) => a.line - b.line)
      .slice(0, SAMPLE_LINES);
    const entries = [...(kind === 'email' ? this.emails : this.handles).values()];
    const invalid = this.invalid + minorityRows;
    if (entries.length === 0) {
      throw new IntakeError({ code: 'no_valid_rows', rows: this.rows, samples });
    }
    return {
      kind,
      column: this.column,
      rows: this.rows,
      entries,
      overflow: this.overflow,
      duplicates: kind === 'email' ? this.emailDuplicates : this.handleDuplicates,
      invalid,
      invalidSamples: samples,
      linkPlatforms: kind === 'handle' ? { ...this.linkPlatforms } : {},
      delimiter: this.delimiter,
    };
  }
}
