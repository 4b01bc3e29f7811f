import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type MockApi, startMockApi } from '../../mock-api/server.ts';
import {
  DICTIONARY_TTL_MS,
  Dictionaries,
  rank,
  resolveFormValues,
} from '../../src/discovery/dictionaries.ts';
import { InfluencersClubClient } from '../../src/ic/client.ts';
import { createLogger } from '../../src/log.ts';
import { openStore } from '../../src/store/index.ts';
import type { Store } from '../../src/store/types.ts';

const KEY = 'dict-test-key';
const CLASSIFIER = '/public/v1/discovery/classifier';

describe('discovery dictionaries (API double, SQLite store)', () => {
  let api: MockApi;
  let ic: InfluencersClubClient;
  let dir: string;
  let store: Store;
  let now = 1_700_000_000_000;
  const clock = () => now;
  const log = createLogger({ level: 'silent' });
  const fresh = () => new Dictionaries({ ic, store, log, clock });
  const requestsTo = (path: string) => api.requests.filter((r) => r.path === path);

  beforeAll(async () => {
    api = await startMockApi({ port: 0, apiKeys: [KEY] });
    ic = new InfluencersClubClient({ baseUrl: api.url, apiKey: KEY, retry: { maxAttempts: 1 } });
    dir = mkdtempSync(join(tmpdir(), 'scout-dict-'));
  });
  afterAll(async () => {
    await api.close();
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    api.reset();
    now = 1_700_000_000_000;
    store = await openStore(`sqlite://${join(dir, `${Math.random()}.sqlite`)}`, { namespace: 'dict' });
    return async () => store.close();
  });

  it('filters a full list in memory: one request, then every keystroke from the cache', async () => {
    const dictionaries = fresh();
    const french = await dictionaries.suggest('language', 'instagram', 'fr');
    expect(french[0]).toEqual({ text: { type: 'plain_text', text: 'French (fr)' }, value: 'fr' });
    const german = await dictionaries.suggest('language', 'instagram', 'Ger');
    expect(german.map((o) => o.value)).toEqual(['de']);
    expect(requestsTo(`${CLASSIFIER}/languages/`)).toHaveLength(1);

    // another process (or a restart) reads the store, not the API
    await fresh().suggest('language', 'instagram', 'sp');
    expect(requestsTo(`${CLASSIFIER}/languages/`)).toHaveLength(1);

    // refreshed daily
    now += DICTIONARY_TTL_MS + 1;
    await dictionaries.suggest('language', 'instagram', 'sp');
    expect(requestsTo(`${CLASSIFIER}/languages/`)).toHaveLength(2);
  });

  it('answers at most 100 options, best matches first', async () => {
    const options = await fresh().suggest('brand', 'instagram', 'e');
    expect(options).toHaveLength(100);
    const coffee = await fresh().suggest('brand', 'instagram', 'northwind c');
    // the filter takes the `cleaned` value (api-ref#dictionaries)
    expect(coffee[0]).toEqual({
      text: { type: 'plain_text', text: 'Northwind Coffee' },
      value: 'northwind coffee',
    });
    for (const option of [...options, ...coffee]) {
      expect(option.text.text.length).toBeLessThanOrEqual(75);
      expect(option.value.length).toBeLessThanOrEqual(75);
    }
  });

  it('keeps one location list per platform', async () => {
    const dictionaries = fresh();
    const lisbon = await dictionaries.suggest('location', 'instagram', 'lisb');
    expect(lisbon.map((o) => o.value)).toContain('Lisbon, Portugal');
    await dictionaries.suggest('location', 'youtube', 'lisb');
    await dictionaries.suggest('location', 'youtube', 'berl');
    expect(requestsTo(`${CLASSIFIER}/locations/instagram/`)).toHaveLength(1);
    expect(requestsTo(`${CLASSIFIER}/locations/youtube/`)).toHaveLength(1);
  });

  it('flattens YouTube topics and games to filter values', async () => {
    const dictionaries = fresh();
    expect(await dictionaries.suggest('youtube_topic', 'youtube', 'pop')).toContainEqual({
      text: { type: 'plain_text', text: 'Pop music (Music)' },
      value: 'Pop music',
    });
    expect(await dictionaries.suggest('game', 'twitch', 'starf')).toEqual([
      { text: { type: 'plain_text', text: 'Starfall Arena (Shooter)' }, value: 'Starfall Arena' },
    ]);
  });

  it('searches the audience dictionaries server-side, caching each query for the day', async () => {
    const dictionaries = fresh();
    const fit = await dictionaries.suggest('audience_interest', 'instagram', 'Fit');
    expect(fit.map((o) => o.value)).toContain('fitness & yoga');
    await dictionaries.suggest('audience_interest', 'instagram', 'fit ');
    const calls = requestsTo(`${CLASSIFIER}/audience-interests/`);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.query).toEqual({ search: 'fit', offset: '0' });
    await dictionaries.suggest('audience_interest', 'instagram', 'music');
    expect(requestsTo(`${CLASSIFIER}/audience-interests/`)).toHaveLength(2);
  });

  it('answers no options (rather than nothing at all) while the endpoint fails, and retries later', async () => {
    api.failNext(`${CLASSIFIER}/languages/`, 500, 1);
    const dictionaries = fresh();
    expect(await dictionaries.suggest('language', 'instagram', 'fr')).toEqual([]);
    // a failing endpoint is not hammered on every keystroke
    expect(await dictionaries.suggest('language', 'instagram', 'fre')).toEqual([]);
    expect(requestsTo(`${CLASSIFIER}/languages/`)).toHaveLength(1);
    now += 31_000;
    expect((await dictionaries.suggest('language', 'instagram', 'fr'))[0]?.value).toBe('fr');
  });

  it('answers within the deadline while a slow list loads, and serves it on the next keystroke', async () => {
    let release: (value: string[]) => void = () => {};
    let calls = 0;
    const slow = {
      locations: () => {
        calls++;
        return new Promise<string[]>((resolve) => {
          release = resolve;
        });
      },
    } as unknown as InfluencersClubClient;
    const dictionaries = new Dictionaries({ ic: slow, store, log, clock, deadlineMs: 20 });
    expect(await dictionaries.suggest('location', 'tiktok', 'por')).toEqual([]);
    release(['Portugal', 'Porto, Portugal', 'Spain']);
    await new Promise((r) => setTimeout(r, 10));
    const options = await dictionaries.suggest('location', 'tiktok', 'por');
    expect(options.map((o) => o.value)).toEqual(['Portugal', 'Porto, Portugal']);
    expect(calls).toBe(1);
  });

  it('carries values over 75 characters as a lookup id and resolves them on submit', async () => {
    const long = `Saint-${'Long-Place-Name-'.repeat(8)}, Somewhere`;
    const withLong = {
      locations: async () => [long, 'Paris, France'],
    } as unknown as InfluencersClubClient;
    const options = await new Dictionaries({ ic: withLong, store, log, clock }).suggest(
      'location',
      'instagram',
      'saint',
    );
    const id = options[0]?.value ?? '';
    expect(id).toMatch(/^~/);
    expect(id.length).toBeLessThanOrEqual(75);
    expect(options[0]?.text.text.length).toBeLessThanOrEqual(75);

    // a new process resolves it from the store
    const other = new Dictionaries({ ic: withLong, store, log, clock });
    expect(await other.resolve(id)).toBe(long);
    expect(await other.resolve('~unknown')).toBeNull();
    const { form, unresolved } = await resolveFormValues(
      {
        platform: 'instagram',
        aiSearch: '',
        sort: 'relevancy',
        values: {
          location: {
            type: 'options',
            options: [
              { label: 'Saint…', value: id },
              { label: 'Gone', value: '~expired' },
              { label: 'Paris, France', value: 'Paris, France' },
            ],
          },
        },
      },
      (v) => other.resolve(v),
    );
    expect(form.values.location).toEqual({
      type: 'options',
      options: [
        { label: 'Saint…', value: long },
        { label: 'Paris, France', value: 'Paris, France' },
      ],
    });
    expect(unresolved).toEqual(['location']);
  });

  it('ranks exact matches, then prefixes, then word starts, then anywhere', () => {
    const list = [
      'Airport City',
      'Portugal',
      'Port',
      'Porto, Portugal',
      'Newport',
      'Old Port Town',
      'Spain',
    ].map((l) => ({ label: l, value: l }));
    expect(rank(list, 'port').map((c) => c.label)).toEqual([
      'Port',
      'Portugal',
      'Porto, Portugal',
      'Old Port Town',
      'Airport City',
      'Newport',
    ]);
    expect(rank(list, 'city').map((c) => c.label)).toEqual(['Airport City']);
    expect(rank(list, 'port', 2)).toHaveLength(2);
    expect(rank(list, '')).toHaveLength(7);
  });
});
