import { creator } from '../commands/creator/index.ts';
import { share } from '../commands/share.ts';
import { socials } from '../commands/socials.ts';
import { FIXTURE_CREATORS } from '../mock-api/server.ts';
import type { CreatorProfile } from '../src/ic/profile.ts';
import { startHarness } from '../test/support/harness.ts';
import { creatorCard } from '../views/creator.ts';
import { percentile, printReport } from './report.ts';

/**
 * /creator with a slow Influencers Club (the API double answers each paid call after
 * API_LATENCY_MS): time to the card for a fresh lookup, for the same creator again (cache: no API
 * call, nothing charged), and for CONCURRENT identical lookups at once (single-flight: one upstream
 * call for all). Also the cost of rendering a worst-case card (pure view).
 */

const API_LATENCY_MS = 2000;
const FRESH = 5;
const CACHED = 200;
const CONCURRENT = 50;
const RENDERS = 2000;

const h = await startHarness({
  features: [share, creator, socials],
  mockApi: { latencyMs: API_LATENCY_MS },
  env: { LOG_LEVEL: 'silent' },
});
const enrich = () =>
  h.api.requests.filter((r) => r.path === '/public/v1/creators/enrich/handle/full/').length;

async function timeToCard(text: string): Promise<number> {
  const started = performance.now();
  const { responseId } = await h.command('/creator', text);
  await h.slack.waitForResponse(responseId, 1, 30_000);
  return performance.now() - started;
}

const fresh: number[] = [];
for (let i = 0; i < FRESH; i++) fresh.push(await timeToCard(`bench_fresh_${i}`));

const cached: number[] = [];
const maya = FIXTURE_CREATORS.withEmail.username;
await timeToCard(maya);
const before = enrich();
for (let i = 0; i < CACHED; i++) {
  cached.push(
    await timeToCard(i % 2 === 0 ? `@${maya.toUpperCase()}` : `https://www.instagram.com/${maya}/`),
  );
}
const cachedCalls = enrich() - before;

const beforeBurst = enrich();
const burstStarted = performance.now();
await Promise.all(Array.from({ length: CONCURRENT }, () => timeToCard('bench_burst_creator')));
const burstMs = performance.now() - burstStarted;
const burstCalls = enrich() - beforeBurst;
await h.stop();

const worst: CreatorProfile = {
  platform: 'instagram',
  handle: 'h'.repeat(30),
  name: 'Name <!channel> *x*'.repeat(20),
  userId: '1',
  avatarUrl: 'https://cdn.example.test/a.jpg',
  verified: true,
  bio: 'A bio with <@U123> and `code`. '.repeat(200),
  followers: 48_700_000,
  following: 12,
  postsCount: 100,
  engagementPercent: 0.47,
  avgLikes: 120_000,
  avgComments: 900,
  avgViews: 1_000_000,
  niches: Array.from({ length: 50 }, (_, i) => `niche ${i}`),
  location: 'United States',
  language: 'en',
  email: 'hello@example.test',
  growth: [{ label: '3 months', percent: 4.2 }],
  profileUrl: 'https://www.instagram.com/x/',
  links: Array.from({ length: 50 }, (_, i) => `https://links.example.test/${i}`),
  otherPlatforms: Array.from({ length: 10 }, (_, i) => ({
    platform: 'tiktok',
    handle: `o${i}`,
    url: `https://www.tiktok.com/@o${i}`,
  })),
  category: null,
};
const renderStarted = performance.now();
for (let i = 0; i < RENDERS; i++) {
  creatorCard({
    profile: worst,
    audience: { topCountry: { name: 'United States', share: 0.5 }, female: 0.6, male: 0.4, age: null },
    asked: { platform: 'instagram', handle: 'x' },
    provenance: { credits: 1, what: 'full enrichment', fromCache: null, shared: false, now: Date.now() },
    prices: { enrichFull: 1, socials: 0.5, posts: 0.03 },
    refresh: null,
  });
}
const renderUs = ((performance.now() - renderStarted) * 1000) / RENDERS;

const ms = (v: number) => `${Math.round(v)} ms`;
printReport({
  title: '/creator: fresh, cached and concurrent lookups',
  setup:
    `Scout on Bolt's HTTP receiver between the fake Slack and the API double (SQLite store), the double answering each paid ` +
    `call after ${API_LATENCY_MS} ms. Time is from sending the signed command to the card arriving at the response_url. ` +
    `${FRESH} fresh lookups (different creators), ${CACHED} repeats of one creator written as @HANDLE or a profile link, ` +
    `${CONCURRENT} identical lookups at once; ${RENDERS} renders of a worst-case card.`,
  results: [
    { measure: 'fresh lookup, time to card p50', value: ms(percentile(fresh, 50)) },
    {
      measure: 'cached lookup, time to card p50 / p95',
      value: `${ms(percentile(cached, 50))} / ${ms(percentile(cached, 95))}`,
      goal: '< 100 ms p95',
      met: percentile(cached, 95) < 100,
    },
    {
      measure: 'API calls for the cached repeats',
      value: String(cachedCalls),
      goal: '0',
      met: cachedCalls === 0,
    },
    {
      measure: `API calls for ${CONCURRENT} identical lookups at once`,
      value: String(burstCalls),
      goal: '1',
      met: burstCalls === 1,
    },
    { measure: `all ${CONCURRENT} cards delivered`, value: ms(burstMs) },
    { measure: 'worst-case card render', value: `${renderUs.toFixed(0)} µs` },
  ],
});
