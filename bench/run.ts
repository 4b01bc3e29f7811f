import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchReport } from './report.ts';

/**
 * `npm run bench [-- name-filter]`: runs every bench/*.bench.ts in its own Node process (so peak RSS
 * is that benchmark's own), collects the JSON report each prints on its last line, and writes a
 * Markdown summary to bench/out/latest.md to copy into BENCHMARKS.md.
 */

const here = dirname(fileURLToPath(import.meta.url));
const filter = process.argv[2];
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => !filter || f.includes(filter))
  .sort();

function runOne(file: string): Promise<BenchReport> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', join(here, file)], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, LOG_LEVEL: 'silent' },
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const last = out.trim().split('\n').at(-1) ?? '';
      try {
        if (code !== 0) throw new Error(`exit code ${code}`);
        resolve(JSON.parse(last) as BenchReport);
      } catch (error) {
        reject(new Error(`${file} failed (${String(error)}):\n${out.slice(-2000)}`));
      }
    });
  });
}

const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, ${process.platform} ${process.arch}, Node ${process.version}`;
const date = new Date().toISOString().slice(0, 10);
const lines = [`Machine: ${machine}. Date: ${date}.`, ''];
let failed = false;
for (const file of files) {
  process.stderr.write(`running ${file}…\n`);
  const report = await runOne(file);
  lines.push(
    `### ${report.title}`,
    '',
    report.setup,
    '',
    '| measure | value | goal | met |',
    '|---|---|---|---|',
  );
  for (const r of report.results) {
    const met = r.met === undefined ? '' : r.met ? 'yes' : '**no**';
    if (r.met === false) failed = true;
    lines.push(`| ${r.measure} | ${r.value} | ${r.goal ?? ''} | ${met} |`);
  }
  if (report.notes) lines.push('', report.notes);
  lines.push('');
}
const markdown = lines.join('\n');
mkdirSync(join(here, 'out'), { recursive: true });
writeFileSync(join(here, 'out', 'latest.md'), markdown);
process.stdout.write(`${markdown}\n`);
if (failed) process.stderr.write('Some goals were not met (see "met" column).\n');
