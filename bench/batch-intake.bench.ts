import { execFileSync } from 'node:child_process';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse';
import { readCreatorCsv } from '../src/batch/intake.ts';
import { resolveList } from '../src/batch/intake-list.ts';
import { printReport } from './report.ts';

/**
 * CSV intake of a 10 MB file (parse, validate every cell, de-duplicate) next to csv-parse alone on
 * the same file in the same run. Two shapes: a wide export (≈10,000 rows of ≈1 KB: names, bios with
 * commas and quotes, CRLF) and a narrow one (one column, ≈700,000 handles: every row is work).
 * Each measurement runs in a fresh child process, so its peak RSS is its own and not the generator's.
 */

const TARGET = 10 * 1024 * 1024 - 4096;

async function writeLines(
  path: string,
  header: string,
  line: (i: number) => string,
  eol: string,
): Promise<void> {
  const out = createWriteStream(path);
  let size = header.length + eol.length;
  out.write(header + eol);
  for (let i = 0; ; i++) {
    const text = line(i) + eol;
    if (size + text.length > TARGET) break;
    size += text.length;
    if (!out.write(text)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve, reject) =>
    out.end((error?: Error | null) => (error ? reject(error) : resolve())),
  );
}

const filler = 'loves trail running, ""slow"" coffee and long-form videos about gear; '.repeat(12);

/** ≈1 KB rows; ≈30 % repeat an earlier creator (as `@Handle`, a profile link or bare); 1 % invalid. */
function wideLine(i: number): string {
  const n = i % 8000;
  const handle =
    i % 97 === 0
      ? 'not a handle!!'
      : i % 3 === 0
        ? `@Creator.${n}`
        : i % 5 === 0
          ? `https://www.instagram.com/creator.${n}/`
          : `creator.${n}`;
  return `"Creator ${n}, Jr.",${handle},${1000 + n},"${filler}",row ${i}`;
}

const narrowLine = (i: number) => (i % 10 === 0 ? `@Creator_${i}` : `creator_${i}`);

async function csvParseAlone(path: string): Promise<string> {
  let records = 0;
  const parser = createReadStream(path).pipe(
    parse({
      bom: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      ltrim: true,
      info: true,
    }),
  );
  for await (const _ of parser) records++;
  return `${records} records`;
}

async function intake(path: string): Promise<string> {
  const read = await readCreatorCsv(createReadStream(path));
  const list = resolveList(read, 'instagram');
  return read.overflow
    ? `${read.rows.toLocaleString('en-US')} rows → more than 20,000 different creators (refused: a batch takes 10,000)`
    : `${read.rows.toLocaleString('en-US')} rows → ${list.values.length.toLocaleString('en-US')} unique`;
}

interface Phase {
  ms: number;
  peakMb: number;
  what: string;
}

/**
 * Child mode: `node batch-intake.bench.ts --phase csv-parse|intake time|memory <file>`. `time`: a
 * warm-up, then the best of three. `memory`: one cold run, so the peak is one intake's (repeated
 * runs in one process only grow V8's heap).
 */
async function runPhase(kind: string, mode: string, path: string): Promise<void> {
  const run = kind === 'intake' ? intake : csvParseAlone;
  let best = Number.POSITIVE_INFINITY;
  let what = '';
  const rounds = mode === 'time' ? 4 : 1;
  for (let round = 0; round < rounds; round++) {
    const started = performance.now();
    what = await run(path);
    if (mode !== 'time' || round > 0) best = Math.min(best, performance.now() - started);
  }
  const phase: Phase = { ms: best, peakMb: process.resourceUsage().maxRSS / 1024, what };
  process.stdout.write(`${JSON.stringify(phase)}\n`);
}

function child(kind: string, mode: 'time' | 'memory', path: string): Phase {
  const out = execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--phase', kind, mode, path], {
    encoding: 'utf8',
    env: { ...process.env, LOG_LEVEL: 'silent' },
  });
  return JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as Phase;
}

function measure(kind: string, path: string): Phase {
  const time = child(kind, 'time', path);
  return { ...time, peakMb: child(kind, 'memory', path).peakMb };
}

if (process.argv[2] === '--phase') {
  await runPhase(process.argv[3] ?? '', process.argv[4] ?? '', process.argv[5] ?? '');
} else {
  const dir = mkdtempSync(join(tmpdir(), 'scout-bench-intake-'));
  const results: { measure: string; value: string; goal?: string; met?: boolean }[] = [];
  const notes: string[] = [];
  try {
    for (const [name, header, line, eol] of [
      ['wide export', 'Name,Instagram Handle,Followers,Bio,Notes', wideLine, '\r\n'],
      ['one column', 'handle', narrowLine, '\n'],
    ] as const) {
      const path = join(dir, `${name.replace(' ', '-')}.csv`);
      await writeLines(path, header, line, eol);
      const mb = statSync(path).size / 1024 / 1024;
      const base = measure('csv-parse', path);
      const ours = measure('intake', path);
      const ratio = ours.ms / base.ms;
      notes.push(
        `${name}: ${mb.toFixed(1)} MB, ${ours.what}; csv-parse alone ${base.ms.toFixed(0)} ms, peak RSS ${base.peakMb.toFixed(0)} MB.`,
      );
      results.push(
        {
          measure: `${name}: intake time`,
          value: `${ours.ms.toFixed(0)} ms (csv-parse alone ${base.ms.toFixed(0)} ms)`,
        },
        {
          measure: `${name}: intake ÷ csv-parse alone`,
          value: `${ratio.toFixed(2)}×`,
          goal: '≤ 2×',
          met: ratio <= 2,
        },
        {
          measure: `${name}: peak RSS, intake (csv-parse alone)`,
          value: `${ours.peakMb.toFixed(0)} MB (${base.peakMb.toFixed(0)} MB)`,
          goal: '< 150 MB',
          met: ours.peakMb < 150,
        },
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  printReport({
    title: 'Batch CSV intake (10 MB)',
    setup:
      'readCreatorCsv (csv-parse streaming + parseCreatorRef on every cell + de-duplication) and resolveList on a generated 10 MB file read from disk, against csv-parse alone with the same options on the same file. In the one-column file, past 20,000 different creators (twice what a batch takes) the file can only be refused, so the remaining rows are parsed and counted but their cells not read. Each side runs in its own process: time is the best of three after a warm-up; peak RSS is the maxRSS of a separate process doing one cold run.',
    results,
    notes: notes.join(' '),
  });
}
