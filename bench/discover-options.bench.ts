import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Dictionaries } from '../src/discovery/dictionaries.ts';
import type { InfluencersClubClient } from '../src/ic/client.ts';
import { createLogger } from '../src/log.ts';
import { openStore } from '../src/store/index.ts';
import { peakRssMb, percentile, printReport } from './report.ts';

/**
 * Discovery type-ahead: how long one keystroke takes to answer (Slack allows 3 s for an `options`
 * request) when the dictionary is large. The dictionary endpoints are replaced by in-memory lists
 * (LOCATIONS locations, BRANDS brands) so only Scout's own work is measured: the first keystroke
 * (load + store write + match), a restart (list read back from SQLite), then KEYSTROKES keystrokes
 * with random 1–5 letter queries against the in-memory copy.
 */

const LOCATIONS = 100_000;
const BRANDS = 50_000;
const KEYSTROKES = 2_000;

const syllables = [
  'ka',
  'lo',
  'ri',
  'ne',
  'sa',
  'to',
  'mi',
  'ber',
  'lin',
  'por',
  'do',
  'va',
  'ste',
  'gu',
  'an',
];
let seed = 42;
const random = () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
  return seed / 2 ** 31;
};
const word = (n: number) =>
  Array.from({ length: n }, () => syllables[Math.floor(random() * syllables.length)]).join('');
const title = (w: string) => w.charAt(0).toUpperCase() + w.slice(1);

const locations = Array.from({ length: LOCATIONS }, () => `${title(word(3))}, ${title(word(2))}`);
const brands = Array.from({ length: BRANDS }, () => {
  const name = `${title(word(2))} ${title(word(3))}`;
  return { full_name: name, cleaned: name.toLowerCase(), username: name.toLowerCase().replace(/ /g, '') };
});
const ic = {
  locations: async () => locations,
  brands: async () => brands,
} as unknown as InfluencersClubClient;

const dir = mkdtempSync(join(tmpdir(), 'scout-bench-options-'));
const store = await openStore(`sqlite://${join(dir, 'bench.sqlite')}`, { namespace: 'bench' });
const log = createLogger({ level: 'silent' });

const time = async (fn: () => Promise<unknown>) => {
  const start = performance.now();
  await fn();
  return performance.now() - start;
};

const first = new Dictionaries({ ic, store, log });
const coldLocation = await time(() => first.suggest('location', 'instagram', 'ber'));
const coldBrand = await time(() => first.suggest('brand', 'instagram', 'ka'));
const restarted = new Dictionaries({ ic, store, log });
const fromStore = await time(() => restarted.suggest('location', 'instagram', 'lin'));

const latencies: number[] = [];
let answered = 0;
for (let i = 0; i < KEYSTROKES; i++) {
  const query = word(3).slice(0, 1 + Math.floor(random() * 5));
  const name = i % 2 === 0 ? 'location' : 'brand';
  let count = 0;
  latencies.push(
    await time(async () => {
      count = (await restarted.suggest(name, 'instagram', query)).length;
    }),
  );
  if (count > 0) answered++;
}
await store.close();
rmSync(dir, { recursive: true, force: true });

const ms = (n: number) => `${n.toFixed(1)} ms`;
const p95 = percentile(latencies, 95);
printReport({
  title: 'Discovery type-ahead (options) latency',
  setup: `Dictionaries over in-memory endpoint doubles: ${LOCATIONS.toLocaleString('en-US')} locations and ${BRANDS.toLocaleString('en-US')} brands, SQLite store; ${KEYSTROKES.toLocaleString('en-US')} keystrokes of 1–5 letters alternating between the two lists, each answering at most 100 ranked options.`,
  results: [
    { measure: 'first keystroke, 100k locations (load + store + match)', value: ms(coldLocation) },
    { measure: 'first keystroke, 50k brands', value: ms(coldBrand) },
    { measure: 'first keystroke after a restart (read from SQLite)', value: ms(fromStore) },
    { measure: 'keystroke p50', value: ms(percentile(latencies, 50)) },
    { measure: 'keystroke p95', value: ms(p95), goal: '< 100 ms (Slack allows 3 s)', met: p95 < 100 },
    { measure: 'keystroke p99', value: ms(percentile(latencies, 99)) },
    { measure: 'keystrokes with at least one option', value: `${answered} of ${KEYSTROKES}` },
    { measure: 'peak RSS', value: `${peakRssMb().toFixed(0)} MB` },
  ],
});
