import { afterAll, describe, expect, it } from 'vitest';
import {
  parseBudgetInput,
  parseThresholdsInput,
  readSettings,
  writeSettings,
} from '../../src/budget/settings.ts';
import { openStore } from '../../src/store/index.ts';
import { describeEach } from '../support/skip.ts';
import { backends, cleanUpBackends } from './backends.ts';

afterAll(async () => {
  await cleanUpBackends();
});

describe('budget input from the Home modal', () => {
  it.each([
    ['500', 500],
    [' 1,500 ', 1500],
    ['1500 credits', 1500],
    ['0', 0],
    ['12.5', 12.5],
    ['0.125', 0.125],
  ])('reads %j as %d credits', (text, value) => {
    expect(parseBudgetInput(text)).toEqual({ ok: true, value });
  });

  it.each([
    ['', /Enter the monthly budget/],
    [undefined, /Enter the monthly budget/],
    ['-5', /not a number of credits/],
    ['abc', /not a number of credits/],
    ['1e3', /not a number of credits/],
    ['0.0001', /at most 3 decimals/],
    ['99999999999', /more than 10,000,000/],
  ])('refuses %j with a message that says what to type', (text, message) => {
    const parsed = parseBudgetInput(text);
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? '' : parsed.error).toMatch(message);
  });
});

describe('thresholds input', () => {
  it.each([
    ['80, 100', [80, 100]],
    ['50 80 100', [50, 80, 100]],
    ['80%,100%', [80, 100]],
    ['1, 2, 3, 4, 100', [1, 2, 3, 4, 100]],
  ])('reads %j', (text, value) => {
    expect(parseThresholdsInput(text)).toEqual({ ok: true, value });
  });

  it.each([
    ['', /at least one/],
    ['100, 80', /ascending/],
    ['80, 80', /ascending/],
    ['0, 50', /between 1 and 100/],
    ['80, 120', /between 1 and 100/],
    ['80.5', /whole number/],
    ['10, 20, 30, 40, 50, 60', /At most 5/],
  ])('refuses %j', (text, message) => {
    const parsed = parseThresholdsInput(text);
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? '' : parsed.error).toMatch(message);
  });
});

describeEach(backends, 'workspace settings on $name', (backend) => {
  it('merge patches, drop keys set to undefined, and refuse invalid values', async () => {
    const place = backend.fresh();
    const store = await openStore(place.url, { namespace: place.namespace });
    try {
      expect(await readSettings(store, 'T1')).toEqual({});
      await writeSettings(store, 'T1', { budget: 200, alertChannel: 'C0ALERTS' });
      await writeSettings(store, 'T1', { thresholds: [50, 100] });
      expect(await readSettings(store, 'T1')).toEqual({
        budget: 200,
        alertChannel: 'C0ALERTS',
        thresholds: [50, 100],
      });
      await writeSettings(store, 'T1', { alertChannel: undefined });
      expect(await readSettings(store, 'T1')).toEqual({ budget: 200, thresholds: [50, 100] });
      await expect(writeSettings(store, 'T1', { budget: -1 })).rejects.toThrow();
      expect((await readSettings(store, 'T1')).budget).toBe(200);
      expect(await readSettings(store, 'T2')).toEqual({});
    } finally {
      await store.close();
    }
  });
});
