import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type MockApi, startMockApi } from '../../mock-api/server.ts';
import { BudgetExceededError, BudgetGuard } from '../../src/budget/guard.ts';
import { discoveryCsv, exportReservation, runExport } from '../../src/discovery/export.ts';
import type { DiscoveryQuery } from '../../src/discovery/request.ts';
import type { DiscoveryRow } from '../../src/discovery/results.ts';
import { InfluencersClubClient } from '../../src/ic/client.ts';
import { IcTimeoutError } from '../../src/ic/errors.ts';
import type { DiscoveryRequest } from '../../src/ic/schemas.ts';
import { createLogger } from '../../src/log.ts';
import { openStore } from '../../src/store/index.ts';
import type { Store } from '../../src/store/types.ts';

const row = (over: Partial<DiscoveryRow>): DiscoveryRow => ({
  rank: 1,
  platform: 'instagram',
  handle: 'example',
  name: 'Example',
  followers: 1000,
  engagementPercent: 2.5,
  location: null,
  url: 'https://www.instagram.com/example/',
  userId: '1',
  ...over,
});

describe('discovery CSV', () => {
  it('has the columns people need and neutralises spreadsheet formulas in creator text', async () => {
    const csv = await discoveryCsv([
      row({ name: '=HYPERLINK("http://evil.test","click")', handle: '@sum', location: '+1 Lisbon' }),
      row({ rank: 2, name: null, followers: null, engagementPercent: null, url: null, userId: null }),
    ]);
    expect(csv.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const rows = parse(csv.subarray(3).toString('utf8'), { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0] ?? {})).toEqual([
      'rank',
      'platform',
      'username',
      'name',
      'followers',
      'engagement %',
      'location',
      'profile URL',
      'user id',
    ]);
    expect(rows[0]?.name).toBe(`'=HYPERLINK("http://evil.test","click")`);
    expect(rows[0]?.username).toBe(`'@sum`);
    expect(rows[0]?.location).toBe(`'+1 Lisbon`);
    expect(rows[0]?.followers).toBe('1000');
    expect(rows[0]?.['engagement %']).toBe('2.5');
    // missing values are empty cells, never "undefined" or "null"
    expect(rows[1]).toMatchObject({
      rank: '2',
      name: '',
      followers: '',
      'engagement %': '',
      'profile URL': '',
    });
  });
});

describe('runExport (real budget guard on SQLite, API double for the balance)', () => {
  let api: MockApi;
  let ic: InfluencersClubClient;
  let dir: string;
  let store: Store;
  let guard: BudgetGuard;
  const log = createLogger({ level: 'silent' });
  const query: DiscoveryQuery = {
    platform: 'tiktok',
    sort: { sort_by: 'relevancy', sort_order: 'desc' },
    filters: { ai_search: 'home workout' },
  };

  beforeAll(async () => {
    api = await startMockApi({ port: 0, apiKeys: ['k'] });
    ic = new InfluencersClubClient({ baseUrl: api.url, apiKey: 'k', retry: { maxAttempts: 1 } });
    dir = mkdtempSync(join(tmpdir(), 'scout-export-'));
  });
  afterAll(async () => {
    await api.close();
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    api.reset();
    store = await openStore(`sqlite://${join(dir, `${Math.random()}.sqlite`)}`, { namespace: 'x' });
    guard = new BudgetGuard({ store, account: ic, log, defaultBudget: 5 });
    return async () => store.close();
  });

  it('reserves whole pages, fetches pages of 50 and settles to what was spent', async () => {
    const pages: number[] = [];
    const progress: number[] = [];
    const outcome = await runExport({
      guard,
      ic: {
        discover: async (req: DiscoveryRequest) => {
          pages.push(req.paging.page);
          expect(req.paging.limit).toBe(50);
          // reserved for all 100 while running
          expect((await guard.status('T1')).committed).toBe(1);
          return ic.discover(req);
        },
      },
      team: 'T1',
      user: 'U1',
      query,
      count: 100,
      summary: 'TikTok · “home workout”',
      start: async () => {},
      onPage: async (fetched) => {
        progress.push(fetched);
      },
    });
    expect(pages).toEqual([0, 1]);
    expect(progress).toEqual([50, 100]);
    expect(outcome.rows).toHaveLength(100);
    expect(outcome.rows[50]?.rank).toBe(51);
    expect(outcome.spent).toBe(1);
    expect(outcome.failure).toBeNull();
    const status = await guard.status('T1');
    expect(status).toMatchObject({ committed: 1, spent: 1, reserved: 0 });
    expect(api.ledger.used).toBe(1);
    const [entry] = await guard.recentSpend('T1');
    expect(entry).toMatchObject({ feature: 'export', operation: 'discovery', actual: 1, estimate: 1 });
  });

  it('keeps what was fetched when a page fails, counting a possibly billed page at its estimate', async () => {
    let calls = 0;
    const outcome = await runExport({
      guard,
      ic: {
        discover: async (req: DiscoveryRequest) => {
          calls++;
          if (req.paging.page === 1) {
            throw new IcTimeoutError('discover: no answer', { operation: 'discover', mayHaveCharged: true });
          }
          return ic.discover(req);
        },
      },
      team: 'T1',
      user: 'U1',
      query,
      count: 250,
      summary: 'TikTok',
      start: async () => {},
    });
    expect(calls).toBe(2);
    expect(outcome.rows).toHaveLength(50);
    expect(outcome.failure).toBeInstanceOf(IcTimeoutError);
    expect(outcome).toMatchObject({ spent: 1, uncertain: true });
    expect(await guard.status('T1')).toMatchObject({ committed: 1, spent: 1, reserved: 0 });
  });

  it('refuses an export over the budget before calling anything', async () => {
    let called = false;
    const attempt = runExport({
      guard,
      ic: {
        discover: async () => {
          called = true;
          throw new Error('not reached');
        },
      },
      team: 'T1',
      user: 'U1',
      query,
      count: 1000,
      summary: 'TikTok',
      start: async () => {
        called = true;
      },
    });
    await expect(attempt).rejects.toBeInstanceOf(BudgetExceededError);
    expect(called).toBe(false);
    expect((await guard.status('T1')).committed).toBe(0);
  });

  it('releases the reservation when the thread message cannot be posted', async () => {
    const attempt = runExport({
      guard,
      ic,
      team: 'T1',
      user: 'U1',
      query,
      count: 50,
      summary: 'TikTok',
      start: async () => {
        throw Object.assign(new Error('not_in_channel'), { data: { error: 'not_in_channel' } });
      },
    });
    await expect(attempt).rejects.toThrow('not_in_channel');
    expect(await guard.status('T1')).toMatchObject({ committed: 0, spent: 0 });
    expect(api.requests.filter((r) => r.path === '/public/v1/discovery/')).toHaveLength(0);
  });

  it('reserves whole pages of 50', () => {
    expect(exportReservation(100, 0.01)).toBe(1);
    expect(exportReservation(1342, 0.01)).toBe(13.5);
  });
});
