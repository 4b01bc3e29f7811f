import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@keyv/redis';
import { startMockApi } from '../mock-api/server.ts';
import { cacheKeyFor } from '../src/budget/lookup-cache.ts';
import { loadConfig } from '../src/config.ts';
import { parseCreatorRef } from '../src/creator-ref.ts';
import type { EnrichFullRequest, EnrichFullResponse } from '../src/ic/schemas.ts';
import { createLogger } from '../src/log.ts';
import { createScout } from '../src/main.ts';
import { peakRssMb, percentile, printReport } from './report.ts';

/**
 * Cache and single-flight under a realistic mix: 1,000 creator lookups over 200 creators with
 * Zipf-distributed popularity (a few creators are looked up again and again), 20 at a time, written
 * the ways people type them (@Handle, handle, profile URL). Each goes through `deps.lookups.run` with
 * `ic.enrichHandleFull` and a cache key from the normalised request, as /creator does, against the
 * API double (with latency on paid calls so concurrent identical lookups really overlap).
 *
 * Env: BENCH_STORE_URL (default a SQLite file in a temp dir; e.g. redis://127.0.0.1:6379),
 * BENCH_LATENCY_MS (default 150).
 */

const LOOKUPS = 1000;
const CREATORS = 200;
const CONCURRENCY = 20;
const ZIPF_S = 1;
const SEED = 20261110;
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 150);
const ENRICH = '/public/v1/creators/enrich/handle/full/';
const TEAM = 'T0BENCH';

/** Deterministic PRNG (mulberry32) so every run draws the same sequence. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Ranks 0..n-1 drawn with P(k) ∝ 1 / (k+1)^s. */
function zipfSampler(n: number, s: number, random: () => number): () => number {
  const weights = Array.from({ length: n }, (_, k) => 1 / (k + 1) ** s);
  const total = weights.reduce((a, b) => a + b, 0);
  const cumulative: number[] = [];
  let sum = 0;
  for (const w of weights) {
    sum += w / total;
    cumulative.push(sum);
  }
  return () => {
    const r = random();
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cumulative[mid] ?? 1) < r) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

/** The ways people name the same creator. */
function spelling(rank: number, variant: number): string {
  const handle = `bench.creator${rank}`;
  switch (variant % 4) {
    case 0:
      return `@${handle}`;
    case 1:
      return handle.toUpperCase();
    case 2:
      return `https://instagram.com/${handle}/`;
    default:
      return `https://www.instagram.com/${handle}?igsh=x${variant}`;
  }
}

const random = prng(SEED);
const draw = zipfSampler(CREATORS, ZIPF_S, random);
const inputs = Array.from({ length: LOOKUPS }, (_, i) => spelling(draw(), i));
const distinct = new Set(inputs.map((i) => (parseCreatorRef(i, 'instagram') as { handle: string }).handle))
  .size;

const tempDir = mkdtempSync(join(tmpdir(), 'scout-bench-cache-'));
const storeUrl = process.env.BENCH_STORE_URL ?? `sqlite://${join(tempDir, 'scout.sqlite')}`;
const api = await startMockApi({
  port: 0,
  apiKeys: ['bench-key'],
  credits: 100_000,
  latencyMs: LATENCY_MS,
  rateLimitPerMinute: 100_000,
});
const config = loadConfig({
  SLACK_BOT_TOKEN: 'xoxb-bench',
  SLACK_SIGNING_SECRET: 'bench-signing-secret',
  INFLUENCERS_CLUB_API_KEY: 'bench-key',
  INFLUENCERS_CLUB_API_URL: api.url,
  STORE_URL: storeUrl,
  CREDIT_BUDGET_DEFAULT: '100000',
  LOG_LEVEL: 'silent',
});
// The real composition root, not started: no Slack connection is needed to run lookups.
const namespace = `bench-${randomUUID().slice(0, 8)}`;
const scout = await createScout(config, {
  features: [],
  log: createLogger({ level: 'silent' }),
  storeNamespace: namespace,
});
const { deps } = scout;

const latencies: number[] = [];
let fromCache = 0;
let shared = 0;
let creditsReported = 0;
let failures = 0;

async function lookUp(input: string): Promise<void> {
  const ref = parseCreatorRef(input, 'instagram');
  if (ref.kind !== 'handle') throw new Error(`bench input did not parse: ${input}`);
  const request: EnrichFullRequest = { platform: ref.platform, handle: ref.handle };
  const started = performance.now();
  try {
    const result = await deps.lookups.run<EnrichFullResponse>({
      team: TEAM,
      user: 'U0BENCH',
      feature: 'creator',
      operation: 'enrich_full',
      params: request,
      summary: `@${ref.handle} on Instagram`,
      cacheKey: cacheKeyFor('bench_creator', request),
      ttlMs: config.CACHE_TTL_ENRICHMENT_HOURS * 60 * 60 * 1000,
      call: () => deps.ic.enrichHandleFull(request),
    });
    if (result.fromCache) fromCache += 1;
    if (result.shared) shared += 1;
    creditsReported += result.creditsCost;
  } catch {
    failures += 1;
  }
  latencies.push(performance.now() - started);
}

const started = performance.now();
let next = 0;
await Promise.all(
  Array.from({ length: CONCURRENCY }, async () => {
    while (next < inputs.length) {
      const input = inputs[next++];
      if (input !== undefined) await lookUp(input);
    }
  }),
);
const wallMs = performance.now() - started;

const upstream = api.requests.filter((r) => r.path === ENRICH).length;
const balanceChecks = api.requests.filter((r) => r.path === '/public/v1/accounts/credits/').length;
const spent = api.ledger.used;
const status = await deps.guard.status(TEAM);
const naiveCredits = LOOKUPS * deps.guard.prices.enrich_full;

await scout.stop();
await api.close();
rmSync(tempDir, { recursive: true, force: true });
if (storeUrl.startsWith('redis')) {
  // Leave a shared Redis as it was found.
  const client = createClient({ url: storeUrl });
  await client.connect();
  for await (const keys of client.scanIterator({ MATCH: `${namespace}:*`, COUNT: 1000 })) {
    if (keys.length > 0) await client.del(keys);
  }
  await client.close();
}

printReport({
  title: 'Cache and single-flight (bench/cache.bench.ts)',
  setup:
    `${LOOKUPS} creator lookups (full enrichment, 1 credit each) over ${CREATORS} creators, Zipf s=${ZIPF_S} ` +
    `(seeded; ${distinct} distinct creators drawn), ${CONCURRENCY} at a time, inputs written as @Handle / HANDLE / ` +
    `profile URLs, through deps.lookups.run against the API double with ${LATENCY_MS} ms latency on paid calls; ` +
    `store ${storeUrl.startsWith('redis') ? 'Redis' : 'SQLite'}.`,
  results: [
    {
      measure: 'upstream paid calls',
      value: `${upstream} (naive: ${LOOKUPS})`,
      goal: '≤ 200',
      met: upstream <= 200,
    },
    {
      measure: 'credits spent (API ledger)',
      value: `${spent} (naive: ${naiveCredits})`,
      goal: '= distinct creators',
      met: spent === distinct * deps.guard.prices.enrich_full,
    },
    {
      measure: 'budget counted vs ledger',
      value: `${status.spent} vs ${spent}`,
      goal: 'equal',
      met: status.spent === spent && creditsReported === spent,
    },
    { measure: 'answered from cache', value: String(fromCache) },
    { measure: 'balance checks (/accounts/credits/, free)', value: String(balanceChecks) },
    { measure: 'joined an identical call in flight', value: String(shared) },
    { measure: 'failed lookups', value: String(failures), goal: '0', met: failures === 0 },
    {
      measure: 'lookup latency p50 / p95',
      value: `${percentile(latencies, 50).toFixed(1)} / ${percentile(latencies, 95).toFixed(1)} ms`,
    },
    { measure: 'wall time', value: `${(wallMs / 1000).toFixed(2)} s` },
    { measure: 'peak RSS', value: `${peakRssMb().toFixed(0)} MB` },
  ],
  notes:
    'Naive = every lookup calls the API (the API charges identical repeats, api-ref#credits). Upstream calls equal the distinct ' +
    'creators drawn: equivalent spellings share one cache key, and concurrent identical lookups share one call.',
});
