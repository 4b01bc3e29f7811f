import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { discoveryPoolCreators } from '../../mock-api/discovery.ts';
import { type MockApi, startMockApi } from '../../mock-api/server.ts';
import { postJson } from './request.ts';

let api: MockApi;

beforeAll(async () => {
  api = await startMockApi({ port: 0, credits: 100_000 });
});
afterAll(async () => {
  await api.close();
});
beforeEach(() => {
  api.reset();
});

interface Account {
  user_id: string;
  profile: {
    username: string;
    full_name?: string;
    picture: string;
    followers: number;
    engagement_percent?: number;
  };
}
interface Page {
  total: number;
  limit: number;
  credits_left: string;
  accounts: Account[];
}

async function post(path: string, body: unknown): Promise<Page> {
  const res = await postJson(api, path, body);
  expect(res.status).toBe(200);
  return (await res.json()) as Page;
}

function discover(body: Record<string, unknown>) {
  return post('/public/v1/discovery/', { platform: 'instagram', paging: { limit: 50, page: 0 }, ...body });
}

describe('discovery', () => {
  it('answers total, limit, credits_left and account cards', async () => {
    const page = await discover({ paging: { limit: 3, page: 0 } });
    expect(page.total).toBeGreaterThan(20_000);
    expect(page.limit).toBe(3);
    expect(page.accounts[0]).toMatchObject({
      user_id: expect.any(String),
      profile: {
        username: expect.any(String),
        picture: expect.stringMatching(/^https:/),
        followers: expect.any(Number),
      },
    });
  });

  it('narrows by the platform follower key and engagement range', async () => {
    const all = await discover({});
    const ranged = await discover({
      filters: { number_of_followers: { min: 50_000, max: 500_000 }, engagement_percent: { min: 2 } },
    });
    expect(ranged.total).toBeLessThan(all.total);
    expect(ranged.total).toBeGreaterThan(0);
    for (const { profile } of ranged.accounts) {
      expect(profile.followers).toBeGreaterThanOrEqual(50_000);
      expect(profile.followers).toBeLessThanOrEqual(500_000);
      expect(profile.engagement_percent).toBeGreaterThanOrEqual(2);
    }
  });

  it('uses number_of_subscribers on youtube and ignores number_of_followers there', async () => {
    const base = { platform: 'youtube', paging: { limit: 10, page: 0 } };
    const all = await post('/public/v1/discovery/', base);
    const wrongKey = await post('/public/v1/discovery/', {
      ...base,
      filters: { number_of_followers: { min: 1_000_000 } },
    });
    const rightKey = await post('/public/v1/discovery/', {
      ...base,
      filters: { number_of_subscribers: { min: 1_000_000 } },
    });
    expect(wrongKey.total).toBe(all.total);
    expect(rightKey.total).toBeLessThan(all.total);
  });

  it('narrows by location, profile_language, gender and is_verified, matching the pool', async () => {
    const filters = { location: ['Germany'], profile_language: ['de'], gender: 'female', is_verified: true };
    const page = await discover({ filters });
    const expected = discoveryPoolCreators('instagram').filter(
      (c) => c.location === 'Germany' && c.language === 'de' && c.gender === 'female' && c.isVerified,
    );
    expect(page.total).toBe(expected.length);
    expect(page.total).toBeGreaterThan(0);
    const usernames = new Set(expected.map((c) => c.username));
    for (const account of page.accounts) expect(usernames.has(account.profile.username)).toBe(true);
  });

  it('narrows by ai_search words', async () => {
    const all = await discover({});
    const searched = await discover({ filters: { ai_search: 'home workout coaches' } });
    expect(searched.total).toBeLessThan(all.total / 4);
    expect(searched.total).toBeGreaterThan(0);
  });

  it('sorts by followers both ways', async () => {
    const desc = await discover({ sort: { sort_by: 'number_of_followers', sort_order: 'desc' } });
    const asc = await discover({ sort: { sort_by: 'number_of_followers', sort_order: 'asc' } });
    const followers = desc.accounts.map((a) => a.profile.followers);
    expect(followers).toEqual([...followers].sort((a, b) => b - a));
    expect(asc.accounts[0]!.profile.followers).toBeLessThanOrEqual(desc.accounts.at(-1)!.profile.followers);
  });

  it('slices 0-based pages without overlap', async () => {
    const body = { paging: { limit: 20, page: 0 }, sort: { sort_by: 'engagement_rate' } };
    const first = await discover(body);
    const second = await discover({ ...body, paging: { limit: 20, page: 1 } });
    const both = await discover({ ...body, paging: { limit: 40, page: 0 } });
    expect([...first.accounts, ...second.accounts]).toEqual(both.accounts);
  });

  it('serves the last page inside the 10,000-result window', async () => {
    const page = await discover({ paging: { limit: 50, page: 199 } });
    expect(page.accounts).toHaveLength(50);
  });
});

describe('similar creators', () => {
  it('never includes the seed creator and shares its niche', async () => {
    const page = await post('/public/v1/discovery/creators/similar/', {
      platform: 'instagram',
      filter_key: 'username',
      filter_value: 'maya.moves',
      paging: { limit: 50, page: 0 },
    });
    expect(page.total).toBeGreaterThan(0);
    expect(page.accounts.map((a) => a.profile.username)).not.toContain('maya.moves');
    expect(page.accounts.every((a) => a.profile.username.includes('fitness'))).toBe(true);
  });

  it('resolves the seed by url and by id alike', async () => {
    const base = { platform: 'tiktok', paging: { limit: 5, page: 0 } };
    const byUrl = await post('/public/v1/discovery/creators/similar/', {
      ...base,
      filter_key: 'url',
      filter_value: 'https://www.tiktok.com/@dani.dances',
    });
    const byId = await post('/public/v1/discovery/creators/similar/', {
      ...base,
      filter_key: 'id',
      filter_value: '6800000000000000001',
    });
    expect(byUrl.accounts).toEqual(byId.accounts);
    expect(byUrl.accounts.map((a) => a.user_id)).not.toContain('6800000000000000001');
  });

  it('applies filters', async () => {
    const base = {
      platform: 'youtube',
      filter_key: 'username',
      filter_value: 'theo.tinkers',
      paging: { limit: 50, page: 0 },
    };
    const all = await post('/public/v1/discovery/creators/similar/', base);
    const big = await post('/public/v1/discovery/creators/similar/', {
      ...base,
      filters: { number_of_subscribers: { min: 1_000_000 } },
    });
    expect(big.total).toBeLessThan(all.total);
    for (const account of big.accounts) expect(account.profile.followers).toBeGreaterThanOrEqual(1_000_000);
  });
});
