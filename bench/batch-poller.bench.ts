import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createJob, newJob } from '../src/batch/jobs.ts';
import { InfluencersClubClient } from '../src/ic/client.ts';
import { openStore } from '../src/store/index.ts';
import { FakeSlack } from '../test/support/fake-slack.ts';
import { printReport } from './report.ts';

/**
 * 5,000 active batch jobs under the poller with its production defaults (30–60 s per job, a shared
 * budget of 100 requests a minute, 4 at a time). The API double runs in its own process (its rate
 * limit lifted so the setup can create 5,000 batches quickly; the poller's own rate is what is
 * measured, from the double's request log); the poller runs in a fresh process so its peak RSS is
 * its own. Every poll moves a job by one row, so every poll also updates a progress message.
 */

const JOBS = Number(process.env.BENCH_JOBS ?? 5000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 65);
const KEY = 'bench-key';
/** The same run with few jobs, to show what the job count itself costs. */
const SMALL = 50;

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

interface PollRun {
  startedAt: number;
  endedAt: number;
  peakMb: number;
  following: number;
}

/**
 * The poller alone for SECONDS in a fresh process, running the compiled build (dist/, what the
 * Docker image runs: no TypeScript stripping in memory) with nothing else in the process: fake
 * Slack runs in the parent. `idle`: everything loaded and open, the poller not started.
 */
function pollerScript(storeUrl: string, apiUrl: string, slackApiUrl: string, namespace: string): string {
  const dist = (path: string) =>
    JSON.stringify(fileURLToPath(new URL(`../dist/src/${path}`, import.meta.url)));
  return `
const { WebClient } = await import('@slack/web-api');
const { BatchPoller } = await import(${dist('batch/poller.js')});
const { BudgetGuard } = await import(${dist('budget/guard.js')});
const { InfluencersClubClient } = await import(${dist('ic/client.js')});
const { createLogger } = await import(${dist('log.js')});
const { openStore } = await import(${dist('store/index.js')});
const { SlackBatchReporter } = await import(${dist('slack/batch-reporter.js')});
const log = createLogger({ level: 'silent' });
const store = await openStore(${JSON.stringify(storeUrl)}, { namespace: ${JSON.stringify(namespace)} });
const ic = new InfluencersClubClient({ baseUrl: ${JSON.stringify(apiUrl)}, apiKey: ${JSON.stringify(KEY)} });
const poller = new BatchPoller({
  store,
  ic,
  guard: new BudgetGuard({ store, account: ic, log, defaultBudget: 1_000_000 }),
  log,
  clock: Date.now,
  reporter: new SlackBatchReporter(
    new WebClient('xoxb-bench', { slackApiUrl: ${JSON.stringify(slackApiUrl)}, retryConfig: { retries: 0 } }),
    Date.now,
  ),
});
const startedAt = Date.now();
const idle = ${JSON.stringify(namespace)} === 'idle';
if (!idle) poller.start();
await new Promise((resolve) => setTimeout(resolve, (idle ? 5 : ${SECONDS}) * 1000));
const following = poller.following;
await poller.stop();
const endedAt = Date.now();
await store.close();
process.stdout.write(JSON.stringify({ startedAt, endedAt, peakMb: process.resourceUsage().maxRSS / 1024, following }) + '\\n');
`;
}

/** `count` real batches at the double, recorded as active jobs in `namespace`. */
async function makeJobs(storeUrl: string, apiUrl: string, namespace: string, count: number): Promise<number> {
  const store = await openStore(storeUrl, { namespace });
  const setup = new InfluencersClubClient({
    baseUrl: apiUrl,
    apiKey: KEY,
    rateLimit: { requests: 1_000_000 },
  });
  const csv = `handle\n${Array.from({ length: 20 }, (_, i) => `bench_${i}`).join('\n')}\n`;
  const month = new Date().toISOString().slice(0, 7);
  let made = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (made < count) {
        made++;
        const created = await setup.createBatch({ csv, enrichmentMode: 'raw', platform: 'instagram' });
        const now = Date.now();
        const job = newJob(
          {
            id: created.batch_id,
            batchId: created.batch_id,
            draftId: `d${made}`,
            team: 'T1',
            channel: `C${made % 50}`,
            threadTs: `${made}.1`,
            progressTs: `${made}.2`,
            user: 'U1',
            fileName: 'bench.csv',
            kind: 'handle',
            mode: 'raw',
            platform: 'instagram',
            includeAudience: false,
            rows: 20,
            estimate: 0.6,
            reservation: { team: 'T1', month, estimate: 0 },
          },
          now,
        );
        await createJob(store, job);
      }
    }),
  );
  const active = (await store.atomic.setMembers('batch:active')).length;
  await store.close();
  return active;
}

function runPoller(
  storeUrl: string,
  apiUrl: string,
  slackApiUrl: string,
  namespace: string,
): Promise<PollRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--input-type=module', '-e', pollerScript(storeUrl, apiUrl, slackApiUrl, namespace)],
      { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, LOG_LEVEL: 'silent' } },
    );
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.once('error', reject);
    child.once('close', (code) => {
      if (code !== 0) reject(new Error(`the poller process exited with ${code}`));
      else resolve(JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as PollRun);
    });
  });
}

/** The double's request log; a pooled connection may have idled out during the run, so try again. */
async function requestLog(apiUrl: string): Promise<{ path: string; at: number }[]> {
  for (let attempt = 1; ; attempt++) {
    try {
      const response = await fetch(`${apiUrl}/__mock/requests`, { headers: { connection: 'close' } });
      return (await response.json()) as { path: string; at: number }[];
    } catch (error) {
      if (attempt >= 3) throw error;
    }
  }
}

/** Most requests in any 60 s window. */
function maxPerMinute(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end++) {
    while (sorted[end]! - sorted[start]! >= 60_000) start++;
    best = Math.max(best, end - start + 1);
  }
  return best;
}

const root = fileURLToPath(new URL('..', import.meta.url));
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
  const port = await freePort();
  const script = `const m = await import(${JSON.stringify(fileURLToPath(new URL('../mock-api/server.ts', import.meta.url)))});
const api = await m.startMockApi({ port: ${port}, apiKeys: ['${KEY}'], rateLimitPerMinute: 1000000, credits: 1000000000, batchRowsPerPoll: 1 });
console.log('listening', api.url);`;
  const mock = spawn(process.execPath, ['--input-type=module', '-e', script], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const dir = mkdtempSync(join(tmpdir(), 'scout-bench-poller-'));
  const slack = await new FakeSlack({ botToken: 'xoxb-bench' }).start();
  try {
    await new Promise<void>((resolve, reject) => {
      mock.stdout.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('listening')) resolve();
      });
      mock.once('exit', (code) => reject(new Error(`mock API exited with ${code}`)));
    });
    const apiUrl = `http://127.0.0.1:${port}`;
    const storeUrl = `sqlite://${join(dir, 'bench.sqlite')}`;
    const active = await makeJobs(storeUrl, apiUrl, 'bench', JOBS);
    await makeJobs(storeUrl, apiUrl, 'small', SMALL);
    const run = await runPoller(storeUrl, apiUrl, slack.apiUrl, 'bench');
    const small = await runPoller(storeUrl, apiUrl, slack.apiUrl, 'small');
    const idle = await runPoller(storeUrl, apiUrl, slack.apiUrl, 'idle');
    const log = await requestLog(apiUrl);
    const during = log.filter((r) => r.at >= run.startedAt && r.at <= run.endedAt);
    const statusPolls = during.filter((r) => r.path.endsWith('/status/'));
    const perMinute = maxPerMinute(during.map((r) => r.at));
    const jobsPolled = new Set(statusPolls.map((r) => r.path)).size;
    printReport({
      title: 'Batch poller: 5,000 active jobs',
      setup: `${active.toLocaleString('en-US')} active jobs in a SQLite store, each a real batch at the API double (in its own process). The poller (production defaults: 30–60 s per job with jitter, 100 requests/min shared budget drawn in 10 s slices, concurrency 4, 10 s leases per job renewed by a 3 s heartbeat) ran for ${SECONDS} s in a fresh process on the compiled build (dist/, as in the Docker image), asking for a progress edit in a fake Slack (in the parent process) on every poll (edits paced to 45 a minute, the latest per message).`,
      results: [
        {
          measure: 'API requests in any 60 s window (max)',
          value: String(perMinute),
          goal: '< 300',
          met: perMinute < 300,
        },
        {
          measure: 'status polls in the run / different jobs polled',
          value: `${statusPolls.length} / ${jobsPolled.toLocaleString('en-US')}`,
        },
        { measure: 'jobs followed by the poller', value: run.following.toLocaleString('en-US') },
        {
          measure: `peak RSS of the poller process (same run with ${SMALL} jobs)`,
          value: `${run.peakMb.toFixed(0)} MB (${small.peakMb.toFixed(0)} MB)`,
          goal: '< 150 MB',
          met: run.peakMb < 150,
        },
        {
          measure: 'the same process idle (modules loaded, store and Slack client open, poller not started)',
          value: `${idle.peakMb.toFixed(0)} MB`,
        },
      ],
      notes:
        'With more jobs than the budget allows at 30–60 s each, every job is still polled, just less often (5,000 jobs at 100 requests a minute: about every 50 minutes); the shared budget leaves two thirds of the account’s 300 requests a minute to lookups, and holds across every Scout process on the same store.',
    });
  } finally {
    await slack.stop();
    mock.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}
