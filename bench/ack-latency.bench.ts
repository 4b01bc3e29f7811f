import { createHmac } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isMainThread, type MessagePort, parentPort, Worker } from 'node:worker_threads';
import { App, LogLevel } from '@slack/bolt';
import { startMockApi } from '../mock-api/server.ts';
import { loadConfig } from '../src/config.ts';
import { createLogger } from '../src/log.ts';
import { createScout } from '../src/main.ts';
import { FakeSlack } from '../test/support/fake-slack.ts';
import { commandBody } from '../test/support/slack-requests.ts';
import { percentile, printReport } from './report.ts';

/**
 * Ack latency: how long Slack waits for the HTTP 200 on a slash command while Scout is busy with
 * slow lookups. Slack gives up after 3 s (docs/slack.md); Scout acks with
 * "Looking up…" before any slow work, so its ack should cost about what a bare Bolt app's does.
 *
 * The apps under test run on the main thread, alone, as in production. A worker thread plays
 * Slack and Influencers Club: it runs the fake Slack, the API double (answering after
 * API_LATENCY_MS) and the load: rounds of CONCURRENCY signed `/creator` commands at once, each
 * timed from signing to the HTTP 200. Every command names a different creator, so each one really
 * calls the API. The same rounds go to a bare Bolt app whose `/creator` handler only acks
 * (same machine, signing and concurrency), alternating with Scout's rounds.
 */

const CONCURRENCY = 50;
const API_LATENCY_MS = 2000;
/** Warms up the whole path (ack and lookup) before measuring. */
const WARMUP_COMMANDS = 40;
/**
 * Warm-up + measured lookups (290) stay under the client's 300 requests a minute (api-ref#rate-limit), so no
 * lookup waits for the limiter and every round's answers arrive after the API's delay.
 */
const MEASURED_ROUNDS = 5;
const SIGNING_SECRET = 'bench-signing-secret-0123456789';
const API_KEY = 'bench-key';
const BOT_TOKEN = 'xoxb-bench-token';
const COMMAND = '/creator';

type ToWorker =
  | { kind: 'round'; port: number; label: string; size: number; awaitAnswers: boolean }
  | { kind: 'stop' };
type FromWorker =
  | { kind: 'ready'; slackApiUrl: string; apiUrl: string }
  | { kind: 'acked' }
  | { kind: 'round'; latencies: number[]; answered: number; failed: number }
  | { kind: 'stopped' };

if (isMainThread) await main();
else await playSlackAndApi();

async function main(): Promise<void> {
  const worker = new Worker(new URL(import.meta.url));
  const inbox: FromWorker[] = [];
  const waiting: ((m: FromWorker) => void)[] = [];
  worker.on('message', (m: FromWorker) => {
    const w = waiting.shift();
    if (w) w(m);
    else inbox.push(m);
  });
  worker.on('error', (error) => {
    process.stderr.write(`worker failed: ${String(error)}\n`);
    process.exit(1);
  });
  const next = () =>
    new Promise<FromWorker>((resolve) => {
      const m = inbox.shift();
      if (m) resolve(m);
      else waiting.push(resolve);
    });
  const ask = (m: ToWorker) => {
    worker.postMessage(m);
    return next();
  };

  const ready = await next();
  if (ready.kind !== 'ready') throw new Error('worker did not start');

  const dir = mkdtempSync(join(tmpdir(), 'scout-bench-ack-'));
  const config = loadConfig({
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: ready.slackApiUrl,
    INFLUENCERS_CLUB_API_KEY: API_KEY,
    INFLUENCERS_CLUB_API_URL: ready.apiUrl,
    STORE_URL: `sqlite://${join(dir, 'scout.sqlite')}`,
    PORT: '0',
    CREDIT_BUDGET_DEFAULT: '1000000',
    LOG_LEVEL: 'silent',
  });
  const scout = await createScout(config, { log: createLogger({ level: 'silent' }), host: '127.0.0.1' });
  const scoutPort = (await scout.start()).port ?? 0;

  const bare = new App({
    token: BOT_TOKEN,
    signingSecret: SIGNING_SECRET,
    logLevel: LogLevel.ERROR,
    deferInitialization: true,
    clientOptions: { slackApiUrl: ready.slackApiUrl },
  });
  bare.command(COMMAND, async ({ ack }) => {
    await ack();
  });
  await bare.init();
  const bareServer = (await bare.start({ port: 0, host: '127.0.0.1' })) as { address(): { port: number } };
  const barePort = bareServer.address().port;

  /**
   * One round against `port`; also how long the app's event loop was busy while the acks went out
   * (the work that competes with acking: the app's own, for every command of the burst).
   */
  const runRound = async (port: number, label: string, size: number, awaitAnswers: boolean) => {
    globalThis.gc?.();
    const start = performance.eventLoopUtilization();
    const acked = await ask({ kind: 'round', port, label, size, awaitAnswers });
    const busyMs = performance.eventLoopUtilization(start).active;
    const result = await next();
    if (acked.kind !== 'acked' || result.kind !== 'round')
      throw new Error('unexpected message from the worker');
    return { ...result, busyMs };
  };

  const scoutLatencies: number[] = [];
  const bareLatencies: number[] = [];
  let scoutBusyMs = 0;
  let bareBusyMs = 0;
  let answered = 0;
  let failed = 0;
  for (let r = 0; r <= MEASURED_ROUNDS; r++) {
    const size = r === 0 ? WARMUP_COMMANDS : CONCURRENCY;
    const s = await runRound(scoutPort, `scout${r}`, size, true);
    const b = await runRound(barePort, `bare${r}`, size, false);
    if (r === 0) continue;
    scoutLatencies.push(...s.latencies);
    bareLatencies.push(...b.latencies);
    scoutBusyMs += s.busyMs;
    bareBusyMs += b.busyMs;
    answered += s.answered;
    failed += s.failed;
  }

  await scout.stop();
  await bare.stop();
  await ask({ kind: 'stop' });
  await worker.terminate();
  rmSync(dir, { recursive: true, force: true });

  const ms = (v: number) => `${v.toFixed(1)} ms`;
  const scoutP99 = percentile(scoutLatencies, 99);
  const bareP99 = percentile(bareLatencies, 99);
  const ratio = scoutP99 / bareP99;
  const expected = MEASURED_ROUNDS * CONCURRENCY;
  printReport({
    title: 'Ack latency under slow lookups',
    setup:
      `${MEASURED_ROUNDS} rounds of ${CONCURRENCY} concurrent signed \`${COMMAND}\` commands (after a warm-up round of ${WARMUP_COMMANDS}) ` +
      `to Scout (all features, SQLite store, logs silent) while the API double answers each lookup after ${API_LATENCY_MS} ms; ` +
      'every command names a different creator, so each is a real API call. The same rounds, alternating, go to a bare ' +
      'Bolt app whose handler only acks. Latency = signing the request to receiving the HTTP 200. The apps run alone on ' +
      'the main thread; fake Slack, the API double and the load generator run in a worker thread.',
    results: [
      { measure: 'Scout ack p50', value: ms(percentile(scoutLatencies, 50)) },
      { measure: 'Scout ack p99', value: ms(scoutP99), goal: '< 100 ms', met: scoutP99 < 100 },
      { measure: 'bare Bolt ack p50', value: ms(percentile(bareLatencies, 50)) },
      { measure: 'bare Bolt ack p99', value: ms(bareP99) },
      { measure: 'Scout p99 / bare p99', value: `${ratio.toFixed(2)}×`, goal: '≤ 1.5×', met: ratio <= 1.5 },
      {
        measure: 'lookups answered in Slack',
        value: `${answered}/${expected}${failed ? ` (${failed} failures)` : ''}`,
        goal: 'all',
        met: answered === expected && failed === 0,
      },
    ],
    notes:
      `Samples: ${scoutLatencies.length} per app. Max: Scout ${ms(Math.max(...scoutLatencies))}, bare ${ms(Math.max(...bareLatencies))}. ` +
      `App event loop busy while a burst was being acked, per command: Scout ${ms(scoutBusyMs / expected)}, ` +
      `bare ${ms(bareBusyMs / expected)} (Scout also starts each lookup then: cache, budget and lease in the store).`,
  });
}

/** The worker: fake Slack, the API double and the load generator, off the apps' event loop. */
async function playSlackAndApi(): Promise<void> {
  if (!parentPort) return;
  const port: MessagePort = parentPort;
  const slack = await new FakeSlack({ botToken: BOT_TOKEN }).start();
  const api = await startMockApi({
    port: 0,
    apiKeys: [API_KEY],
    latencyMs: API_LATENCY_MS,
    credits: 1_000_000,
    rateLimitPerMinute: 1_000_000,
  });
  let sent = 0;

  // node:http with kept-alive sockets: a light client, so the time measured is the app's, not fetch's.
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });

  /** Signs a command body the way Slack does and POSTs it; resolves at the end of the HTTP answer. */
  function sendSigned(target: number, body: string): Promise<{ status: number; elapsed: number }> {
    const started = performance.now();
    const timestamp = Math.floor(Date.now() / 1000);
    const signature = `v0=${createHmac('sha256', SIGNING_SECRET).update(`v0:${timestamp}:${body}`).digest('hex')}`;
    return new Promise((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: target,
          path: '/slack/events',
          method: 'POST',
          agent,
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            'content-length': Buffer.byteLength(body),
            'x-slack-request-timestamp': String(timestamp),
            'x-slack-signature': signature,
          },
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve({ status: res.statusCode ?? 0, elapsed: performance.now() - started }));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  async function round(
    target: number,
    label: string,
    size: number,
    awaitAnswers: boolean,
  ): Promise<FromWorker> {
    const commands = Array.from({ length: size }, () => {
      sent += 1;
      const responseId = `${label}-${sent}`;
      // a different creator each time: every command is a real, slow API call, never a cache hit
      const body = commandBody({
        command: COMMAND,
        text: `@bench_creator_${sent}`,
        response_url: slack.responseUrl(responseId),
      });
      return { responseId, body };
    });
    const done = await Promise.all(
      commands.map(async ({ responseId, body }) => {
        const { status, elapsed } = await sendSigned(target, body);
        if (status !== 200) throw new Error(`${label}: HTTP ${status}`);
        return { elapsed, responseId };
      }),
    );
    port.postMessage({ kind: 'acked' } satisfies FromWorker);
    let answered = 0;
    let failed = 0;
    if (awaitAnswers) {
      // Answers arrive after the API's delay; waiting keeps one round's work out of the next.
      for (const { responseId } of done) {
        const post = await slack.waitForResponse(responseId, 1, 90_000).catch(() => null);
        if (!post) continue;
        answered += 1;
        if (!Array.isArray(post.body.blocks)) failed += 1;
      }
    }
    return { kind: 'round', latencies: done.map((d) => d.elapsed), answered, failed };
  }

  port.on('message', async (m: ToWorker) => {
    if (m.kind === 'round') {
      port.postMessage(await round(m.port, m.label, m.size, m.awaitAnswers));
    } else {
      await api.close();
      await slack.stop();
      port.postMessage({ kind: 'stopped' } satisfies FromWorker);
    }
  });
  port.postMessage({ kind: 'ready', slackApiUrl: slack.apiUrl, apiUrl: api.url } satisfies FromWorker);
  await once(port, 'close');
}
