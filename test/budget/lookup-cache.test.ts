import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { MockApi } from '../../mock-api/server.ts';
import { BudgetExceededError } from '../../src/budget/guard.ts';
import { type CachedSpendRequest, cacheKeyFor } from '../../src/budget/lookup-cache.ts';
import { writeSettings } from '../../src/budget/settings.ts';
import { parseCreatorRef } from '../../src/creator-ref.ts';
import { IcNotFoundError } from '../../src/ic/errors.ts';
import type { Platform } from '../../src/ic/platforms.ts';
import type { EnrichFullRequest, EnrichFullResponse } from '../../src/ic/schemas.ts';
import { describeEach } from '../support/skip.ts';
import { backends, cleanUpBackends, openRig, type Rig, startApi, TestClock } from './backends.ts';

/**
 * The cache and single-flight in front of the guard: equivalent inputs share one key, a cached
 * answer is free, identical requests in flight share one upstream call (in one process and across
 * processes sharing the store), Refresh spends again, entries expire.
 */

const TEAM = 'T0CACHE';
const ENRICH = '/public/v1/creators/enrich/handle/full/';
const DAY = 24 * 60 * 60 * 1000;

/** The cache key the /creator command builds: from the normalised request, never the raw input. */
function keyFor(
  input: string,
  platform: Platform = 'instagram',
): { key: string; request: EnrichFullRequest } {
  const ref = parseCreatorRef(input, platform);
  if (ref.kind !== 'handle') throw new Error(`not a handle: ${input}`);
  const request: EnrichFullRequest = { platform: ref.platform, handle: ref.handle };
  return { key: cacheKeyFor('enrich_full', request), request };
}

describe('cache keys', () => {
  it('are the same for every way of writing one creator', () => {
    const forms = [
      '@Handle',
      'handle',
      'HANDLE',
      ' @handle ',
      'https://instagram.com/handle/',
      'https://www.instagram.com/Handle?igsh=abc123',
      'instagram.com/handle',
    ];
    const keys = new Set(forms.map((f) => keyFor(f).key));
    expect(keys.size).toBe(1);
  });

  it('differ by platform, handle and options', () => {
    const base = keyFor('handle').key;
    expect(keyFor('handle', 'tiktok').key).not.toBe(base);
    expect(keyFor('handle2').key).not.toBe(base);
    expect(
      cacheKeyFor('enrich_full', { platform: 'instagram', handle: 'handle', include_audience_data: true }),
    ).not.toBe(base);
    expect(cacheKeyFor('enrich_raw', { platform: 'instagram', handle: 'handle' })).not.toBe(base);
  });

  it('ignore key order and undefined options', () => {
    expect(cacheKeyFor('op', { a: 1, b: { c: [1, 2], d: 'x' } })).toBe(
      cacheKeyFor('op', { b: { d: 'x', c: [1, 2] }, a: 1, e: undefined }),
    );
    expect(cacheKeyFor('op', { list: [1, 2] })).not.toBe(cacheKeyFor('op', { list: [2, 1] }));
  });
});

describeEach(backends, 'paid lookups on $name', (backend) => {
  let api: MockApi;
  let clock: TestClock;
  let rigs: Rig[] = [];

  beforeAll(async () => {
    // Latency on paid answers so concurrent requests really overlap.
    api = await startApi({ latencyMs: 60 });
  });
  afterAll(async () => {
    await api.close();
    await cleanUpBackends();
  });
  beforeEach(() => {
    api.reset();
    clock = new TestClock('2026-11-10T12:00:00Z');
  });
  afterEach(async () => {
    await Promise.all(rigs.map((r) => r.store.close()));
    rigs = [];
  });

  async function rig(place = backend.fresh()): Promise<Rig> {
    const r = await openRig(place, api, { clock });
    rigs.push(r);
    return r;
  }

  const upstream = () => api.requests.filter((r) => r.path === ENRICH).length;

  function lookup(r: Rig, input: string, extra: Partial<CachedSpendRequest<EnrichFullResponse>> = {}) {
    const { key, request } = keyFor(input);
    return r.lookups.run<EnrichFullResponse>({
      team: TEAM,
      user: 'U0ALICE',
      feature: 'creator',
      operation: 'enrich_full',
      params: request,
      summary: `@${request.handle}`,
      cacheKey: key,
      ttlMs: 7 * DAY,
      call: () => r.ic.enrichHandleFull(request),
      ...extra,
    });
  }

  it('answers equivalent inputs from one paid call; the cached answer costs nothing', async () => {
    const r = await rig();
    const fetchedAt = clock.now;
    const first = await lookup(r, '@Maya.Moves');
    expect(first).toMatchObject({ creditsCost: 1, fromCache: null, shared: false });
    clock.advance(2 * 60 * 60 * 1000);
    const second = await lookup(r, 'https://instagram.com/maya.moves/');
    expect(second).toMatchObject({
      creditsCost: 0,
      estimate: 0,
      fromCache: { at: fetchedAt },
      shared: false,
    });
    expect(second.data.result).toEqual(first.data.result);
    expect(upstream()).toBe(1);
    expect(api.ledger.used).toBe(1);
    expect((await r.guard.status(TEAM)).spent).toBe(1);
  });

  it('shares one upstream call among identical requests in flight', async () => {
    const r = await rig();
    const results = await Promise.all(
      ['@maya.moves', 'maya.moves', 'https://instagram.com/maya.moves/', 'MAYA.MOVES', '@maya.moves'].map(
        (i) => lookup(r, i),
      ),
    );
    expect(upstream()).toBe(1);
    expect(api.ledger.used).toBe(1);
    expect(results.filter((x) => x.shared)).toHaveLength(4);
    expect(results.reduce((sum, x) => sum + x.creditsCost, 0)).toBe(1);
  });

  it('shares one upstream call across two processes sharing the store', async () => {
    const place = backend.fresh();
    const a = await rig(place);
    const b = await rig(place);
    const results = await Promise.all([
      lookup(a, '@lena.longform'),
      lookup(b, 'lena.longform'),
      lookup(b, '@Lena.Longform'),
    ]);
    expect(upstream()).toBe(1);
    expect(api.ledger.used).toBe(1);
    expect(results.filter((x) => x.creditsCost === 1)).toHaveLength(1);
    expect(results.every((x) => x.data.result)).toBe(true);
  });

  it('spends again on Refresh, and concurrent refreshes still share one call', async () => {
    const r = await rig();
    await lookup(r, 'maya.moves');
    const refreshed = await lookup(r, 'maya.moves', { refresh: true });
    expect(refreshed).toMatchObject({ creditsCost: 1, fromCache: null });
    expect(upstream()).toBe(2);
    await Promise.all([
      lookup(r, 'maya.moves', { refresh: true }),
      lookup(r, 'maya.moves', { refresh: true }),
    ]);
    expect(upstream()).toBe(3);
    expect(api.ledger.used).toBe(3);
    // The cache now holds the latest answer.
    expect(await lookup(r, 'maya.moves')).toMatchObject({ creditsCost: 0, fromCache: { at: clock.now } });
  });

  it('returns a recent fetch instead of refreshing within the grace period, when configured', async () => {
    const r = await openRig(backend.fresh(), api, { clock, lookups: { refreshGraceMs: 60_000 } });
    rigs.push(r);
    await lookup(r, 'maya.moves');
    clock.advance(30_000);
    expect(await lookup(r, 'maya.moves', { refresh: true })).toMatchObject({ creditsCost: 0 });
    clock.advance(31_000);
    expect(await lookup(r, 'maya.moves', { refresh: true })).toMatchObject({ creditsCost: 1 });
    expect(upstream()).toBe(2);
  });

  it('expires entries after their TTL', async () => {
    const r = await rig();
    await lookup(r, 'maya.moves', { ttlMs: DAY });
    clock.advance(DAY - 1000);
    expect(await lookup(r, 'maya.moves', { ttlMs: DAY })).toMatchObject({ creditsCost: 0 });
    clock.advance(2000);
    expect(await r.lookups.peek(keyFor('maya.moves').key)).toBeUndefined();
    expect(await lookup(r, 'maya.moves', { ttlMs: DAY })).toMatchObject({ creditsCost: 1, fromCache: null });
    expect(upstream()).toBe(2);
  });

  it('caches nothing with a TTL of 0, and never caches a failure', async () => {
    const r = await rig();
    await lookup(r, 'maya.moves', { ttlMs: 0 });
    await lookup(r, 'maya.moves', { ttlMs: 0 });
    expect(upstream()).toBe(2);
    await expect(lookup(r, 'ghost_one')).rejects.toBeInstanceOf(IcNotFoundError);
    await expect(lookup(r, 'ghost_one')).rejects.toBeInstanceOf(IcNotFoundError);
    expect(
      api.requests.filter((x) => x.path === ENRICH && (x.body as { handle?: string }).handle === 'ghost_one'),
    ).toHaveLength(2);
    expect(await r.lookups.peek(keyFor('ghost_one').key)).toBeUndefined();
  });

  it('serves a cached answer even when the budget is used up, and refuses a new one', async () => {
    const r = await rig();
    await writeSettings(r.store, TEAM, { budget: 1 });
    await lookup(r, 'maya.moves');
    expect(await lookup(r, '@maya.moves')).toMatchObject({ creditsCost: 0 });
    await expect(lookup(r, 'lena.longform')).rejects.toBeInstanceOf(BudgetExceededError);
    // A refused request in flight does not poison followers: they are refused too, nothing called.
    const both = await Promise.allSettled([lookup(r, 'x.one'), lookup(r, 'x.one')]);
    expect(both.every((x) => x.status === 'rejected' && x.reason instanceof BudgetExceededError)).toBe(true);
    expect(upstream()).toBe(1);
  });
});
