import { execFileSync, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { WebClient } from '@slack/web-api';
import { request } from 'undici';
import type { BatchJob } from '../src/batch/jobs.ts';
import { fetchResults } from '../src/batch/results.ts';
import { InfluencersClubClient } from '../src/ic/client.ts';
import { FakeSlack } from '../test/support/fake-slack.ts';
import { printReport } from './report.ts';

/**
 * A finished 10,000-row full-enrichment batch (audience data and lookalikes on: the biggest rows the
 * API double makes) turned into the results CSV and uploaded with files upload v2. The API double
 * runs in its own process, and the results step runs in a fresh process of its own, so its peak RSS
 * is Scout's side only: rows are parsed one at a time from the stream and only the flat CSV (a few
 * hundred bytes a row) is kept. The same step on a 2,000-row batch shows the peak does not grow
 * with the batch.
 */

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
  heapAfterMb: number;
}

/** Child mode: `--step <api url> <batch id>` runs the results step alone and prints its numbers. */
async function step(baseUrl: string, batchId: string): Promise<void> {
  const slack = await new FakeSlack({ botToken: 'xoxb-bench' }).start();
  try {
    if (batchId === 'idle') {
      // The same modules loaded and nothing run: what any process of Scout's starts with.
      const idle: Step = {
        rows: 0,
        csvBytes: 0,
        fetchMs: 0,
        uploadMs: 0,
        peakMb: process.resourceUsage().maxRSS / 1024,
        heapAfterMb: 0,
      };
      process.stdout.write(`${JSON.stringify(idle)}\n`);
      return;
    }
    const ic = new InfluencersClubClient({ baseUrl, apiKey: KEY, retry: { maxAttempts: 2 } });
    const job = {
      id: batchId,
      batchId,
      mode: 'full',
      platform: 'instagram',
      fileName: 'bench.csv',
    } as BatchJob;
    const started = performance.now();
    const file = await fetchResults(ic, job);
    const fetchMs = performance.now() - started;
    const client = new WebClient('xoxb-bench', { slackApiUrl: slack.apiUrl });
    const uploadStarted = performance.now();
    await client.filesUploadV2({
      channel_id: 'C1',
      thread_ts: '1.1',
      file: file.csv,
      filename: file.summary.fileName,
    });
    const uploadMs = performance.now() - uploadStarted;
    globalThis.gc?.();
    const result: Step = {
      rows: file.summary.rows,
      csvBytes: [...slack.uploads.values()].find((u) => u.content.length > 0)?.content.length ?? 0,
      fetchMs,
      uploadMs,
      peakMb: process.resourceUsage().maxRSS / 1024,
      heapAfterMb: process.memoryUsage().heapUsed / 1024 / 1024,
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    await slack.stop();
  }
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

function runStep(baseUrl: string, batchId: string, flags: string[] = []): Step {
  const out = execFileSync(
    process.execPath,
    ['--expose-gc', ...flags, fileURLToPath(import.meta.url), '--step', baseUrl, batchId],
    {
      encoding: 'utf8',
      env: { ...process.env, LOG_LEVEL: 'silent' },
    },
  );
  return JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as Step;
}

if (process.argv[2] === '--step') {
  await step(process.argv[3] ?? '', process.argv[4] ?? '');
} else {
  const port = await freePort();
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
    const smallStep = runStep(baseUrl, small);
    const bigStep = runStep(baseUrl, big);
    // Default V8 lets short-lived garbage pile up (the young generation alone grows to 134 MB).
    // With the heap capped, the same step must finish: proof that rows are not held.
    const capped = runStep(baseUrl, big, CAP);
    const idle = runStep(baseUrl, 'idle');
    printReport({
      title: 'Batch results: 10,000 JSON rows → uploaded CSV',
      setup: `A finished ${ROWS.toLocaleString('en-US')}-row full-enrichment batch (audience data and lookalikes) served by the API double in its own process; in a fresh process, fetchResults streams ?format=json (the client's @streamparser/json reader) through csvWriter, then filesUploadV2 uploads the CSV to a fake Slack. The same step on 2,000 rows for comparison.`,
      results: [
        { measure: 'JSON streamed', value: `${(bigJson / 1024 / 1024).toFixed(0)} MB` },
        { measure: 'rows written', value: bigStep.rows.toLocaleString('en-US') },
        { measure: 'CSV uploaded', value: `${(bigStep.csvBytes / 1024 / 1024).toFixed(2)} MB` },
        { measure: 'fetch + write time', value: `${(bigStep.fetchMs / 1000).toFixed(1)} s` },
        { measure: 'upload time', value: `${bigStep.uploadMs.toFixed(0)} ms` },
        { measure: 'heap in use after the step', value: `${bigStep.heapAfterMb.toFixed(0)} MB` },
        {
          measure: 'RSS of the same process before any work (modules loaded)',
          value: `${idle.peakMb.toFixed(0)} MB`,
        },
        {
          measure: 'peak RSS, default V8 settings: 10,000 rows (2,000 rows)',
          value: `${bigStep.peakMb.toFixed(0)} MB (${smallStep.peakMb.toFixed(0)} MB)`,
        },
        {
          measure: `peak RSS with ${CAP.join(' ')} (time)`,
          value: `${capped.peakMb.toFixed(0)} MB (${(capped.fetchMs / 1000).toFixed(1)} s)`,
          goal: '< 200 MB',
          met: capped.peakMb < 200,
        },
      ],
    });
  } finally {
    mock.kill();
  }
}
