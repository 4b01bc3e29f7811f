import { buffer } from 'node:stream/consumers';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { csvWriter } from '../src/csv/export.ts';

async function write(rows: Record<string, unknown>[]): Promise<string> {
  const writer = csvWriter([
    { key: 'name', header: 'Name' },
    { key: 'followers', header: 'Followers' },
  ]);
  for (const row of rows) writer.write(row);
  writer.end();
  const bytes = await buffer(writer);
  // keep the BOM visible: TextDecoder would swallow it
  return bytes.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))
    ? `\ufeff${bytes.subarray(3).toString('utf8')}`
    : bytes.toString('utf8');
}

describe('csvWriter', () => {
  it('neutralises cells a spreadsheet would run as formulas, and keeps numbers numeric', async () => {
    const csv = await write([
      { name: '=HYPERLINK("http://evil.test","x")', followers: -5 },
      { name: '+1+1', followers: 10 },
      { name: '-2+3', followers: 0 },
      { name: '@SUM(A1)', followers: 1 },
      { name: '\tcmd', followers: 2 },
      { name: 'Ünïcödé 🙂, "quoted"', followers: 128400 },
    ]);
    expect(csv.startsWith('\ufeff')).toBe(true);
    const rows = parse(csv.slice(1), { columns: true }) as Record<string, string>[];
    for (const row of rows.slice(0, 5)) expect(row.Name?.startsWith("'")).toBe(true);
    expect(rows[0]?.Followers).toBe('-5');
    expect(rows[5]).toEqual({ Name: 'Ünïcödé 🙂, "quoted"', Followers: '128400' });
  });
});
