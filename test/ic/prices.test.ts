import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { estimateCredits } from '../../src/ic/endpoints.ts';
import {
  batchRecordPrice,
  creditsToMilli,
  DEFAULT_PRICES,
  milliToCredits,
  type PriceTable,
} from '../../src/ic/prices.ts';

describe('DEFAULT_PRICES', () => {
  it('matches the recommended values of the api-ref#credits', () => {
    expect(DEFAULT_PRICES).toEqual({
      discovery_per_creator: 0.01,
      similar_per_creator: 0.01,
      overlap: 1,
      socials: 0.5,
      enrich_full: 1,
      enrich_raw: 0.03,
      email_basic: 0.05,
      email_advanced: 2,
      posts: 0.03,
      post_details: 0.03,
    });
  });
});

describe('estimateCredits: the most a call can cost', () => {
  it('discovery and similar cost a full page', () => {
    expect(estimateCredits('discovery', { paging: { limit: 20 } })).toBe(0.2);
    expect(estimateCredits('similar', { paging: { limit: 50 } })).toBe(0.5);
    expect(estimateCredits('discovery', { paging: { limit: 3 } })).toBe(0.03);
  });

  it('flat operations cost their price', () => {
    expect(estimateCredits('overlap', undefined)).toBe(1);
    expect(estimateCredits('socials', {})).toBe(0.5);
    expect(estimateCredits('enrich_full', undefined)).toBe(1);
    expect(estimateCredits('enrich_raw', undefined)).toBe(0.03);
    expect(estimateCredits('email_basic', undefined)).toBe(0.05);
    expect(estimateCredits('email_advanced', undefined)).toBe(2);
    expect(estimateCredits('posts', undefined)).toBe(0.03);
    expect(estimateCredits('post_details', undefined)).toBe(0.03);
  });

  it('a batch costs every row at the price of its mode', () => {
    expect(estimateCredits('batch', { rows: 500, enrichmentMode: 'raw' })).toBe(15);
    expect(estimateCredits('batch', { rows: 500, enrichmentMode: 'full' })).toBe(500);
    expect(estimateCredits('batch', { rows: 3, enrichment_mode: 'basic' })).toBe(0.15);
    expect(estimateCredits('batch', { rows: 2, enrichmentMode: 'advanced' })).toBe(4);
    expect(batchRecordPrice('raw')).toBe(0.03);
  });

  it('uses the price table it is given (e.g. email basic at 0.1, posts at 0.15)', () => {
    const prices: PriceTable = { ...DEFAULT_PRICES, email_basic: 0.1, posts: 0.15 };
    expect(estimateCredits('email_basic', undefined, prices)).toBe(0.1);
    expect(estimateCredits('posts', undefined, prices)).toBe(0.15);
    expect(estimateCredits('batch', { rows: 10, enrichmentMode: 'basic' }, prices)).toBe(1);
  });

  it('refuses params it cannot estimate from', () => {
    expect(() => estimateCredits('discovery', JSON.parse('{}'))).toThrow(RangeError);
    expect(() => estimateCredits('batch', { rows: -1, enrichmentMode: 'raw' })).toThrow(RangeError);
    expect(() => estimateCredits('batch', { rows: 2 })).toThrow(RangeError);
  });

  it('is rounded to 1/1000 credit for any page size and batch size', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 0, max: 10_000 }), (limit, rows) => {
        for (const value of [
          estimateCredits('discovery', { paging: { limit } }),
          estimateCredits('batch', { rows, enrichmentMode: 'raw' }),
        ]) {
          expect(Number.isInteger(creditsToMilli(value))).toBe(true);
          expect(milliToCredits(creditsToMilli(value))).toBe(value);
        }
        expect(creditsToMilli(estimateCredits('discovery', { paging: { limit } }))).toBe(limit * 10);
        expect(creditsToMilli(estimateCredits('batch', { rows, enrichmentMode: 'raw' }))).toBe(rows * 30);
      }),
    );
  });
});

describe('milli-credits', () => {
  it('round-trips and rounds float noise away', () => {
    expect(creditsToMilli(0.1 + 0.2)).toBe(300);
    expect(creditsToMilli(987.44)).toBe(987_440);
    expect(milliToCredits(30)).toBe(0.03);
  });
});
