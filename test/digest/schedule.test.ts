import { describe, expect, it } from 'vitest';
import { lastSlot, slotKey, zonedTime } from '../../src/digest/schedule.ts';

const iso = (at: number) => new Date(at).toISOString();

describe('the digest schedule: Monday 9:00 in the workspace time zone', () => {
  it('is the latest Monday 9:00 at or before now, in UTC', () => {
    expect(iso(lastSlot(Date.parse('2026-11-16T09:00:00Z'), 'UTC'))).toBe('2026-11-16T09:00:00.000Z');
    expect(iso(lastSlot(Date.parse('2026-11-16T08:59:59Z'), 'UTC'))).toBe('2026-11-09T09:00:00.000Z');
    expect(iso(lastSlot(Date.parse('2026-11-22T23:00:00Z'), 'UTC'))).toBe('2026-11-16T09:00:00.000Z');
  });

  it('follows the zone and its daylight-saving changes', () => {
    // Berlin: CET (UTC+1) in November, CEST (UTC+2) from 29 March 2026.
    expect(iso(lastSlot(Date.parse('2026-11-16T08:00:00Z'), 'Europe/Berlin'))).toBe(
      '2026-11-16T08:00:00.000Z',
    );
    expect(iso(lastSlot(Date.parse('2026-03-30T07:00:00Z'), 'Europe/Berlin'))).toBe(
      '2026-03-30T07:00:00.000Z',
    );
    // Los Angeles on Sunday evening UTC is still the previous week's slot.
    expect(iso(lastSlot(Date.parse('2026-11-16T16:59:00Z'), 'America/Los_Angeles'))).toBe(
      '2026-11-09T17:00:00.000Z',
    );
    expect(iso(lastSlot(Date.parse('2026-11-16T17:00:00Z'), 'America/Los_Angeles'))).toBe(
      '2026-11-16T17:00:00.000Z',
    );
    // Tokyo's Monday 9:00 is Monday 0:00 UTC; Sunday 9:00 in Tokyo is still last week.
    expect(iso(lastSlot(Date.parse('2026-11-16T00:00:00Z'), 'Asia/Tokyo'))).toBe('2026-11-16T00:00:00.000Z');
    expect(iso(lastSlot(Date.parse('2026-11-15T00:00:00Z'), 'Asia/Tokyo'))).toBe('2026-11-09T00:00:00.000Z');
    expect(slotKey(Date.parse('2026-11-16T00:00:00Z'), 'Asia/Tokyo')).toBe('2026-11-16');
    expect(iso(zonedTime('America/New_York', 2026, 7, 6, 9))).toBe('2026-07-06T13:00:00.000Z');
  });
});
