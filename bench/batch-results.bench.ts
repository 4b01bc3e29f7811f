import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { request } from 'undici';
import type { InfluencersClubClient } from '../src/ic/client.ts';
import { FakeSlack } from '../test/support/fake-slack.ts';
import { printReport } from './report.ts';

/**
 * A finished 10,000-row full-enrichment batch (audience data and lookalikes on: the biggest rows the
 * API double makes) turned into the results CSV and uploaded with files upload v2. The API double
 * runs in its own process, and the results step runs in a fresh process of its own, so its peak RSS
 * is Scout's side only: rows are parsed one at a time from the stream and only the flat CSV (a few
 * hundred bytes a row) is kept. Side by side, on default V8 settings: the step on the main thread
 * (the baseline: V8 grows the heap for the garbage) and the step as Scout runs it, in a worker
 * thread with its own small heap (src/batch/results-isolated.ts). The same step on a 2,000-row batch
 * shows the peak does not grow with the batch. The step runs on the compiled build (dist/, what the
 * Docker image runs): a worker thread loads Scout's modules again, and from TypeScript sources that
 * costs about 20 MB more per thread than from dist/.
 */

const root = fileURLToPath(new URL('..', import.meta.url));
/** A module of the compiled build, loaded the way the Docker image loads it. */
const dist = (path: string) => new URL(`../dist/src/${path}`, import.meta.url).href;

const ROWS = 10_000;
/** V8 limits under which the step must still finish. */
const CAP = ['--max-old-space-size=96', '--max-semi-space-size=4'];
const KEY = 'bench-key';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

interface Step {
  rows: number;
  csvBytes: number;
  fetchMs: number;
  uploadMs: number;
  peakMb: number;
}

/**
 * The results step alone in a fresh process running the compiled build (no TypeScript stripping
 * in memory) with nothing else in it: the fake Slack runs in the parent. `isolated` runs the step in
 * the worker thread Scout uses; `idle` loads everything and runs nothing.
 */
function stepScript(baseUrl: string, batchId: string, slackApiUrl: string, isolated: boolean): string {
  const at = (path: string) => JSON.stringify(fileURLToPath(new URL(dist(path))));
  return `
const { WebClient } = await import('@slack/web-api');
const { fetchResults } = await import(${at('batch/results.js')});
const { fetchResultsIsolated } = await import(${at('batch/results-isolated.js')});
const { InfluencersClubClient } = await import(${at('ic/client.js')});
const baseUrl = ${JSON.stringify(baseUrl)};
const batchId = ${JSON.stringify(batchId)};
const client = new WebClient('xoxb-bench', { slackApiUrl: ${JSON.stringify(slackApiUrl)} });
if (batchId === 'idle') {
  console.log(JSON.stringify({ rows: 0, fetchMs: 0, uploadMs: 0, peakMb: process.resourceUsage().maxRSS / 1024 }));
} else {
  const ic = new InfluencersClubClient({ baseUrl, apiKey: ${JSON.stringify(KEY)}, retry: { maxAttempts: 2 } });
  const job = { batchId, mode: 'full', platform: 'instagram', fileName: 'bench.csv' };
  const started = performance.now();
  const file = ${isolated}
    ? await fetchResultsIsolated({ ic: { baseUrl, apiKey: ${JSON.stringify(KEY)}, retry: { maxAttempts: 2 } } }, job)
    : await fetchResults(ic, job);
  const fetchMs = performance.now() - started;
  const uploadStarted = performance.now();
  await client.filesUploadV2({ channel_id: 'C1', thread_ts: '1.1', file: file.csv, filename: file.summary.fileName });
  const uploadMs = performance.now() - uploadStarted;
  console.log(JSON.stringify({ rows: file.summary.rows, fetchMs, uploadMs, peakMb: process.resourceUsage().maxRSS / 1024 }));
}
`;
}

async function finishedBatch(ic: InfluencersClubClient, rows: number): Promise<string> {
  const csv = `handle\n${Array.from({ length: rows }, (_, i) => `bench_creator_${rows}_${i}`).join('\n')}\n`;
  const created = await ic.createBatch({
    csv,
    enrichmentMode: 'full',
    platform: 'instagram',
    includeAudienceData: true,
    includeLookalikes: true,
  });
  for (let polls = 0; ; polls++) {
    const status = await ic.batchStatus(created.batch_id);
    if (status.status === 'finished') return created.batch_id;
    if (polls > 400 || status.status === 'failed' || status.status === 'paused_insufficient_credits') {
      throw new Error(`batch ended as ${status.status}`);
    }
  }
}

async function jsonSize(baseUrl: string, batchId: string): Promise<number> {
  const raw = await request(`${baseUrl}/public/v1/enrichment/batch/${batchId}/?format=json`, {
    headers: { authorization: `Bearer ${KEY}` },
  });
  let bytes = 0;
  for await (const chunk of raw.body) bytes += (chunk as Buffer).length;
  return bytes;
}

async function runStep(
  slack: FakeSlack,
  baseUrl: string,
  batchId: string,
  flags: string[] = [],
  isolated = false,
): Promise<Step> {
  slack.reset();
  // A file rather than -e: a worker thread inherits the parent's flags, and --input-type without
  // -e would stop it.
  mkdirSync(join(root, 'bench/out'), { recursive: true });
  const script = join(root, 'bench/out/results-step.mjs');
  writeFileSync(script, stepScript(baseUrl, batchId, slack.apiUrl, isolated));
  const child = spawn(process.execPath, [...flags, script], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, LOG_LEVEL: 'silent' },
  });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`results step exited with ${code}`);
  const step = JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as Omit<Step, 'csvBytes'>;
  const csvBytes = [...slack.uploads.values()].find((u) => u.content.length > 0)?.content.length ?? 0;
  return { ...step, csvBytes };
}

{
  // Build dist/ as the Docker image does.
  execFileSync(
    process.execPath,
    [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
  const { InfluencersClubClient } = await import('../src/ic/client.ts');
  const port = await freePort();
  const slack = await new FakeSlack({ botToken: 'xoxb-bench' }).start();
  const mock = spawn(process.execPath, [fileURLToPath(new URL('../mock-api/server.ts', import.meta.url))], {
    env: { ...process.env, MOCK_API_PORT: String(port), MOCK_API_KEY: KEY, MOCK_API_CREDITS: '1000000' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    await new Promise<void>((resolve, reject) => {
      mock.stdout.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('listening')) resolve();
      });
      mock.once('exit', (code) => reject(new Error(`mock API exited with ${code}`)));
    });
    const baseUrl = `http://127.0.0.1:${port}`;
    const ic = new InfluencersClubClient({ baseUrl, apiKey: KEY, retry: { maxAttempts: 2 } });
    const small = await finishedBatch(ic, 2_000);
    const big = await finishedBatch(ic, ROWS);
    const bigJson = await jsonSize(baseUrl, big);
    // Baseline and isolated alternate, so both see the same machine load.
    const bigStep = await runStep(slack, baseUrl, big);
    const isolatedStep = await runStep(slack, baseUrl, big, [], true);
    const smallIsolated = await runStep(slack, baseUrl, small, [], true);
    const bigStep2 = await runStep(slack, baseUrl, big);
    const isolatedStep2 = await runStep(slack, baseUrl, big, [], true);
    const baseline = bigStep.peakMb <= bigStep2.peakMb ? bigStep : bigStep2;
    const isolatedBest = isolatedStep.peakMb >= isolatedStep2.peakMb ? isolatedStep : isolatedStep2;
    // Default V8 lets short-lived garbage pile up on the main thread (the young generation alone
    // grows to 134 MB). With the whole heap capped, the same step must finish: rows are not held.
    const capped = await runStep(slack, baseUrl, big, CAP);
    const idle = await runStep(slack, baseUrl, 'idle');
    printReport({
      title: 'Batch results: 10,000 JSON rows → uploaded CSV',
      setup: `A finished ${ROWS.toLocaleString('en-US')}-row full-enrichment batch (audience data and lookalikes) served by the API double in its own process; in a fresh process on the compiled build (dist/, as in the Docker image), fetchResults streams ?format=json (the client's @streamparser/json reader) through csvWriter, then filesUploadV2 uploads the CSV to a fake Slack. Two ways, alternating, two runs each, default V8 settings: on the main thread (baseline) and in the worker thread Scout uses (48 MB old / 8 MB young heap of its own); the worst of the two worker runs and the better of the two baselines are shown. The same step on 2,000 rows for comparison.`,
      results: [
        { measure: 'JSON streamed', value: `${(bigJson / 1024 / 1024).toFixed(0)} MB` },
        { measure: 'rows written', value: isolatedBest.rows.toLocaleString('en-US') },
        { measure: 'CSV uploaded', value: `${(isolatedBest.csvBytes / 1024 / 1024).toFixed(2)} MB` },
        {
          measure: 'fetch + write time: worker (main thread)',
          value: `${(isolatedBest.fetchMs / 1000).toFixed(1)} s (${(baseline.fetchMs / 1000).toFixed(1)} s)`,
        },
        { measure: 'upload time', value: `${isolatedBest.uploadMs.toFixed(0)} ms` },
        {
          measure: 'RSS of the same process before any work (modules loaded)',
          value: `${idle.peakMb.toFixed(0)} MB`,
        },
        {
          measure: 'peak RSS, default V8, main thread (baseline)',
          value: `${baseline.peakMb.toFixed(0)} MB (runs: ${bigStep.peakMb.toFixed(0)}, ${bigStep2.peakMb.toFixed(0)})`,
        },
        {
          measure: 'peak RSS, default V8, worker thread: 10,000 rows (2,000 rows)',
          value: `${isolatedBest.peakMb.toFixed(0)} MB (runs: ${isolatedStep.peakMb.toFixed(0)}, ${isolatedStep2.peakMb.toFixed(0)}; 2,000 rows ${smallIsolated.peakMb.toFixed(0)} MB)`,
          goal: '< 200 MB',
          met: isolatedBest.peakMb < 200 && isolatedBest.rows === ROWS,
        },
        {
          measure: 'worker ÷ baseline peak RSS',
          value: `${(isolatedBest.peakMb / baseline.peakMb).toFixed(2)}×`,
        },
        {
          measure: `peak RSS with ${CAP.join(' ')} (time)`,
          value: `${capped.peakMb.toFixed(0)} MB (${(capped.fetchMs / 1000).toFixed(1)} s)`,
        },
      ],
    });
  } finally {
    mock.kill();
    await slack.stop();
  }
}
