import { describe, expect, it } from 'vitest';
import {
  type ResultRecord,
  ResultsTally,
  recordFromCsvRow,
  recordFromJsonRow,
  resultsFileName,
  writeResultsCsv,
} from '../../src/batch/results.ts';

async function* from<T>(items: T[]): AsyncIterable<T> {
  for (const item of items) yield item;
}

const record = (over: Partial<ResultRecord>): ResultRecord => ({
  input: 'x',
  status: 'found',
  platform: 'instagram',
  username: 'x',
  name: null,
  followers: null,
  engagement: null,
  email: null,
  location: null,
  niche: null,
  profileUrl: null,
  ...over,
});

describe('recordFromJsonRow', () => {
  it('reads a full-enrichment row through the shared profile normaliser', () => {
    const row = {
      input_value: '@Maya.Moves',
      status: 'success',
      enrichment_data: {
        email: 'hello@maya.test',
        location: 'United States',
        ai_niches: [{ niche: 'Fitness', percentage: 80 }],
        instagram: {
          username: 'Maya.Moves',
          full_name: 'Maya M',
          follower_count: 128400,
          engagement_percent: 3.42,
        },
      },
    };
    expect(recordFromJsonRow(row, { mode: 'full', platform: 'instagram' })).toEqual({
      input: '@Maya.Moves',
      status: 'found',
      platform: 'instagram',
      username: 'maya.moves',
      name: 'Maya M',
      followers: 128400,
      engagement: 3.42,
      email: 'hello@maya.test',
      location: 'United States',
      niche: 'Fitness',
      profileUrl: 'https://www.instagram.com/maya.moves/',
    });
  });

  it('reads YouTube counts given as strings', () => {
    const row = {
      input_value: 'chan',
      status: 'success',
      enrichment_data: { youtube: { custom_url: '@Chan', subscriber_count: '1200' } },
    };
    expect(recordFromJsonRow(row, { mode: 'raw', platform: 'youtube' })).toMatchObject({
      followers: 1200,
      username: 'chan',
    });
  });

  it('reads basic email rows (camelCase, single platform)', () => {
    const row = {
      input_value: 'a@b.test',
      status: 'success',
      enrichment_data: {
        platform: 'tiktok',
        userId: '1',
        username: 'dancer',
        fullname: 'D',
        followers: 5,
        url: 'https://www.tiktok.com/@dancer',
      },
    };
    expect(recordFromJsonRow(row, { mode: 'basic', platform: null })).toMatchObject({
      platform: 'tiktok',
      username: 'dancer',
      email: 'a@b.test',
      followers: 5,
    });
  });

  it('picks the biggest platform of an advanced email row', () => {
    const row = {
      input_value: 'a@b.test',
      status: 'success',
      enrichment_data: {
        instagram: { username: 'small', follower_count: 10 },
        youtube: { custom_url: '@big', subscriber_count: 99 },
      },
    };
    expect(recordFromJsonRow(row, { mode: 'advanced', platform: null })).toMatchObject({
      platform: 'youtube',
      username: 'big',
    });
  });

  it.each([
    [{ input_value: 'ghost', status: 'not_found', enrichment_data: null }, 'not found'],
    [{ input_value: 'bad', status: 'failed', enrichment_data: null }, 'failed'],
    [{ input_value: 'odd', status: 'whatever', enrichment_data: null }, 'not found'],
  ])('maps %o to %s with empty columns', (row, status) => {
    const r = recordFromJsonRow(row, { mode: 'raw', platform: 'instagram' });
    expect(r.status).toBe(status);
    expect(r.followers).toBeNull();
  });
});

describe('recordFromCsvRow', () => {
  it('reads the presigned CSV layout and builds the profile link', () => {
    expect(
      recordFromCsvRow({
        input_value: 'nike',
        status: 'success',
        platform: 'instagram',
        username: 'nike',
        full_name: 'Nike',
        followers: '1,000',
        engagement_percent: '',
      }),
    ).toMatchObject({
      status: 'found',
      followers: 1000,
      engagement: null,
      profileUrl: 'https://www.instagram.com/nike/',
    });
    expect(recordFromCsvRow({ input_value: 'ghost', status: 'not_found' }).status).toBe('not found');
  });
});

describe('writeResultsCsv', () => {
  it('writes a BOM, the header, and neutralises formulas in creator text', async () => {
    const { csv } = await writeResultsCsv(
      from([
        record({
          input: '=HYPERLINK("http://evil.test")',
          name: '+SUM(A1)',
          followers: 12,
          engagement: 1.5,
          location: '@here',
        }),
      ]),
    );
    const text = csv.toString('utf8');
    expect(
      text.startsWith(
        '\uFEFFinput,status,platform,username,name,followers,engagement %,email,location,niche,profile URL\n',
      ),
    ).toBe(true);
    const row = text.split('\n')[1]!;
    expect(row).toContain(`"'=HYPERLINK(""http://evil.test"")"`);
    expect(row).toContain("'+SUM(A1)");
    expect(row).toContain("'@here");
    expect(row).toContain(',12,1.5,');
  });

  it('keeps the top 5 by followers and counts each status', async () => {
    const tally = new ResultsTally();
    const records = [
      ...Array.from({ length: 8 }, (_, i) => record({ username: `c${i}`, followers: i * 10 })),
      record({ status: 'not found', username: null }),
      record({ status: 'failed', username: null }),
    ];
    await writeResultsCsv(from(records), tally);
    expect(tally.top.map((c) => c.handle)).toEqual(['c7', 'c6', 'c5', 'c4', 'c3']);
    expect({ rows: tally.rows, found: tally.found, notFound: tally.notFound, failed: tally.failed }).toEqual({
      rows: 10,
      found: 8,
      notFound: 1,
      failed: 1,
    });
  });

  it('fails without half a file when the rows fail midway', async () => {
    async function* broken() {
      yield record({});
      throw new Error('connection reset');
    }
    await expect(writeResultsCsv(broken())).rejects.toThrow('connection reset');
  });
});

describe('resultsFileName', () => {
  it.each([
    ['creators.csv', 'creators-enriched.csv'],
    ['Q4 list.CSV', 'Q4 list-enriched.csv'],
    ['../../etc/passwd', '.._.._etc_passwd-enriched.csv'],
    ['.csv', 'creators-enriched.csv'],
  ])('%s → %s', (name, expected) => {
    expect(resultsFileName(name)).toBe(expected);
  });
});
