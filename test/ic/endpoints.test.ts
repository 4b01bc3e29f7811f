import { describe, expect, it } from 'vitest';
import {
  ENDPOINTS,
  type EndpointName,
  estimateCredits,
  PRICED_OPERATIONS,
  pathFor,
  SPEND_FEATURE_NAMES,
  spendFeatureName,
} from '../../src/ic/endpoints.ts';
import { DEFAULT_PRICES } from '../../src/ic/prices.ts';

const names = Object.keys(ENDPOINTS) as EndpointName[];

describe('the endpoint table', () => {
  it('has exact, slash-terminated /public/v1/ paths (anything else is an HTML 404, api-ref#transport)', () => {
    for (const name of names) {
      expect(ENDPOINTS[name].path, name).toMatch(/^\/public\/v1\/[a-z0-9/{}_-]*\/$/);
    }
    expect(new Set(names.map((n) => `${ENDPOINTS[n].method} ${ENDPOINTS[n].path}`)).size).toBe(names.length);
  });

  it('prices exactly the paid endpoints, each under a known spend feature', () => {
    expect([...PRICED_OPERATIONS].sort()).toEqual(
      [
        'batch',
        'discovery',
        'email_advanced',
        'email_basic',
        'enrich_full',
        'enrich_raw',
        'overlap',
        'post_details',
        'posts',
        'similar',
        'socials',
      ].sort(),
    );
    for (const name of names) {
      const { price, feature } = ENDPOINTS[name];
      expect(price === null, name).toBe(feature === null);
      if (feature !== null) expect(SPEND_FEATURE_NAMES[feature]).toBeTruthy();
    }
    expect(estimateCredits('enrich_full', undefined)).toBe(DEFAULT_PRICES.enrich_full);
  });

  it('keeps the names App Home has always shown', () => {
    expect(SPEND_FEATURE_NAMES).toEqual({
      creator: 'Creator cards',
      email: 'Email lookups',
      socials: 'Connected socials',
      similar: 'Lookalikes',
      overlap: 'Audience overlap',
      posts: 'Posts',
      discover: 'Discovery',
      export: 'Exports',
      batch: 'CSV batches',
      brand_safety: 'Brand-safety checks',
    });
    expect(spendFeatureName('toString')).toBeUndefined();
  });

  it('fills path parameters', () => {
    expect(pathFor('batch_status', { batch_id: 'bch_1' })).toBe('/public/v1/enrichment/batch/bch_1/status/');
    expect(pathFor('locations', { platform: 'tiktok' })).toBe(
      '/public/v1/discovery/classifier/locations/tiktok/',
    );
    expect(() => pathFor('batch_status')).toThrow(TypeError);
  });
});
