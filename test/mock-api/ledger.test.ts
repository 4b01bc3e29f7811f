import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type MockApi, startMockApi } from '../../mock-api/server.ts';
import { postJson } from './request.ts';

let api: MockApi;

beforeAll(async () => {
  api = await startMockApi({ port: 0, credits: 100 });
});
afterAll(async () => {
  await api.close();
});
beforeEach(() => {
  api.reset();
});

async function post(path: string, body: unknown) {
  const res = await postJson(api, path, body);
  // biome-ignore lint/suspicious/noExplicitAny: response shapes vary per endpoint
  return { status: res.status, body: (await res.json()) as any };
}

async function credits() {
  const res = await fetch(`${api.url}/public/v1/accounts/credits/`, {
    headers: { authorization: 'Bearer test-key' },
  });
  return (await res.json()) as { credits_available: number; credits_used: number };
}

describe('credit ledger', () => {
  it.each([
    ['full', '/public/v1/creators/enrich/handle/full/', { handle: 'someone', platform: 'instagram' }, 1],
    ['raw', '/public/v1/creators/enrich/handle/raw/', { handle: 'someone', platform: 'instagram' }, 0.03],
    ['socials', '/public/v1/creators/socials/', { handle: 'trail.tom', platform: 'instagram' }, 0.5],
    ['email basic', '/public/v1/creators/enrich/email/', { email: 'someone@example.test' }, 0.05],
    ['email advanced', '/public/v1/creators/enrich/email/advanced/', { email: 'someone@example.test' }, 2],
    ['posts', '/public/v1/creators/content/posts/', { handle: 'someone', platform: 'tiktok' }, 0.03],
    [
      'post details',
      '/public/v1/creators/content/details/',
      { platform: 'tiktok', post_id: '1', content_type: 'data' },
      0.03,
    ],
  ])('charges %s at its price and reports credits_cost', async (_name, path, body, price) => {
    const res = await post(path, body);
    expect(res.status).toBe(200);
    expect(res.body.credits_cost).toBe(price);
    expect(api.ledger.charges).toEqual([{ path, amount: price }]);
    expect(await credits()).toEqual({ credits_available: 100 - price, credits_used: price });
  });

  it('charges overlap 1 and reports credits_left as a number', async () => {
    const res = await post('/public/v1/creators/audience/overlap/', {
      platform: 'tiktok',
      creators: ['a_one', 'b_two'],
    });
    expect(res.body.credits_cost).toBe(1);
    expect(res.body.credits_left).toBe(99);
  });

  it('charges discovery 0.01 per creator returned and reports credits_left as a decimal string', async () => {
    const res = await post('/public/v1/discovery/', { platform: 'instagram', paging: { limit: 7, page: 0 } });
    expect(res.body.accounts).toHaveLength(7);
    expect(res.body.credits_left).toBe('99.93');
    expect(api.ledger.used).toBe(0.07);
  });

  it('charges nothing for a discovery page with no creators', async () => {
    const res = await post('/public/v1/discovery/', {
      platform: 'instagram',
      paging: { limit: 10, page: 0 },
      filters: { number_of_followers: { min: 10_000_000_000 } },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ total: 0, accounts: [], credits_left: '100.00' });
    expect(api.ledger.used).toBe(0);
  });

  it('charges nothing when there is no data', async () => {
    const ghost = await post('/public/v1/creators/enrich/handle/full/', {
      handle: 'ghost_account',
      platform: 'instagram',
    });
    expect(ghost).toEqual({ status: 404, body: { detail: 'No data found' } });
    const noSocials = await post('/public/v1/creators/socials/', {
      handle: 'maya.moves',
      platform: 'instagram',
    });
    expect(noSocials.status).toBe(404);
    const noEmail = await post('/public/v1/creators/enrich/handle/full/', {
      handle: 'quiet.q',
      platform: 'tiktok',
      email_required: 'must_have',
    });
    expect(noEmail.status).toBe(404);
    const ghostEmail = await post('/public/v1/creators/enrich/email/', {
      email: 'ghost.writer@example.test',
    });
    expect(ghostEmail.status).toBe(404);
    expect(api.ledger.used).toBe(0);
    expect(await credits()).toEqual({ credits_available: 100, credits_used: 0 });
  });

  it('charges must_have when the creator has an email', async () => {
    const res = await post('/public/v1/creators/enrich/handle/full/', {
      handle: 'maya.moves',
      platform: 'instagram',
      email_required: 'must_have',
    });
    expect(res.status).toBe(200);
    expect(res.body.result.email).toBe('hello@mayamoves.example.test');
    expect(api.ledger.used).toBe(1);
  });

  it('answers 402 when the balance cannot cover a call, and charges nothing', async () => {
    api.setCredits(0.5);
    const full = await post('/public/v1/creators/enrich/handle/full/', {
      handle: 'someone',
      platform: 'instagram',
    });
    expect(full).toEqual({ status: 402, body: { detail: 'Insufficient credits' } });
    const raw = await post('/public/v1/creators/enrich/handle/raw/', {
      handle: 'someone',
      platform: 'instagram',
    });
    expect(raw.status).toBe(200);
    expect(await credits()).toEqual({ credits_available: 0.47, credits_used: 0.03 });
  });

  it('keeps exact decimals over many small charges', async () => {
    for (let i = 0; i < 10; i++)
      await post('/public/v1/creators/enrich/handle/raw/', { handle: `h${i}`, platform: 'youtube' });
    expect(api.ledger.used).toBe(0.3);
    expect(api.ledger.available).toBe(99.7);
  });

  it('uses configured prices', async () => {
    const pricey = await startMockApi({ port: 0, prices: { posts: 0.15 } });
    try {
      const res = await fetch(`${pricey.url}/public/v1/creators/content/posts/`, {
        method: 'POST',
        headers: { authorization: 'Bearer test-key', 'content-type': 'application/json' },
        body: JSON.stringify({ platform: 'youtube', handle: 'someone' }),
      });
      expect(((await res.json()) as { credits_cost: number }).credits_cost).toBe(0.15);
      expect(pricey.ledger.used).toBe(0.15);
    } finally {
      await pricey.close();
    }
  });
});
