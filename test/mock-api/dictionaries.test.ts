import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MockApi, startMockApi } from '../../mock-api/server.ts';

let api: MockApi;

beforeAll(async () => {
  api = await startMockApi({ port: 0 });
});
afterAll(async () => {
  await api.close();
});

async function get(path: string): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${api.url}/public/v1/discovery/classifier/${path}`, {
    headers: { authorization: 'Bearer test-key' },
  });
  return { status: res.status, body: await res.json() };
}

describe('dictionaries', () => {
  it('serves languages as {language, abbreviation}', async () => {
    const { body } = await get('languages/');
    expect(body).toEqual(expect.arrayContaining([{ language: 'English', abbreviation: 'en' }]));
  });

  it('serves locations as plain strings for the six discovery platforms only', async () => {
    for (const platform of ['instagram', 'youtube', 'tiktok', 'twitch', 'twitter', 'onlyfans']) {
      const { status, body } = await get(`locations/${platform}/`);
      expect(status).toBe(200);
      expect((body as string[]).length).toBeGreaterThanOrEqual(40);
      expect(typeof (body as string[])[0]).toBe('string');
    }
    expect((await get('locations/linkedin/')).status).toBe(422);
  });

  it('serves the full brand list, ignoring search and offset', async () => {
    const all = await get('brands/');
    const searched = await get('brands/?search=zzz&offset=100');
    expect((all.body as unknown[]).length).toBeGreaterThanOrEqual(200);
    expect(searched.body).toEqual(all.body);
    expect((all.body as unknown[])[0]).toEqual({
      full_name: expect.any(String),
      cleaned: expect.any(String),
      username: expect.any(String),
    });
  });

  it('serves yt-topics and games as {topic_details, sub_topic_details[]}', async () => {
    for (const path of ['yt-topics/', 'games/']) {
      const { body } = await get(path);
      expect((body as unknown[])[0]).toEqual({
        topic_details: expect.any(String),
        sub_topic_details: expect.any(Array),
      });
    }
  });

  it('pages audience-* dictionaries by offset (50) and filters by search', async () => {
    const first = (await get('audience-brand-names/')).body as { full_name: string }[];
    const second = (await get('audience-brand-names/?offset=50')).body as { full_name: string }[];
    expect(first).toHaveLength(50);
    expect(second[0]).not.toEqual(first[0]);
    const fit = (await get('audience-interests/?search=FIT')).body as { full_name: string }[];
    expect(fit.length).toBeGreaterThan(0);
    expect(fit.every((item) => item.full_name.toLowerCase().includes('fit'))).toBe(true);
    const locations = (await get('audience-locations/?search=united')).body as { full_name: string }[];
    expect(locations.map((item) => item.full_name)).toEqual(
      expect.arrayContaining(['United States', 'United Kingdom']),
    );
    for (const name of ['audience-brand-categories/', 'audience-interests/', 'audience-locations/']) {
      expect((await get(name)).status).toBe(200);
    }
    expect((await get('audience-interests/?offset=-1')).status).toBe(422);
  });
});
