import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  draftIdOf,
  dropCsv,
  intakeReply,
  postsIn,
  sleep,
  start,
  summaryPost,
  testBatchFeature,
  textOf,
} from '../batch/drop.ts';
import { expectValidBlockKit } from '../support/block-kit.ts';
import { type Harness, startHarness } from '../support/harness.ts';

const MB = 1024 * 1024;

/** Each file, and what Scout must answer in its thread. */
const CORPUS: { name: string; file: Parameters<typeof dropCsv>[1]; answer: RegExp; controls?: boolean }[] = [
  { name: 'an empty file', file: { name: 'empty.csv', content: '' }, answer: /is empty/ },
  { name: 'only blank lines', file: { name: 'blank.csv', content: '\r\n\r\n  \n' }, answer: /is empty/ },
  {
    name: 'a header only',
    file: { name: 'header.csv', content: 'handle\r\n' },
    answer: /has a header \(`handle`\) but no rows/,
  },
  {
    name: 'binary data named .csv',
    file: {
      name: 'photo.csv',
      content: Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0x00]), randomBytes(4000)]),
    },
    answer: /not readable text/,
  },
  {
    name: 'a renamed Excel file',
    file: { name: 'export.csv', content: Buffer.concat([Buffer.from('PK\u0003\u0004'), randomBytes(200)]) },
    answer: /looks like a spreadsheet/,
  },
  {
    name: 'an 11 MB file (by its size)',
    file: { name: 'huge.csv', content: 'handle\nx\n', size: 11 * MB },
    answer: /Scout reads CSV files up to 10 MB/,
  },
  {
    name: 'an 11 MB file that claimed to be small',
    file: {
      name: 'liar.csv',
      content: `handle\n${'creator_name_x\n'.repeat(Math.ceil((11 * MB) / 15))}`,
      size: 1000,
    },
    answer: /Scout reads CSV files up to 10 MB/,
  },
  {
    name: 'several columns, none named',
    file: { name: 'people.csv', content: 'Name,Followers\nMaya,1000\n' },
    answer: /couldn't tell which column .* \(it has `Name`, `Followers`\)/,
  },
  {
    name: 'only garbage',
    file: { name: 'junk.csv', content: 'handle\nnot a handle!!\n???\n' },
    answer: /None of the 2 rows .* \(line 2 `not a handle!!`, line 3 `\?\?\?`\)/,
  },
  {
    name: 'mixed handles and emails (handles win)',
    file: { name: 'mixed.csv', content: 'Contact\nmaya.moves\nnova.star\ntrail.tom\nsomeone@example.test\n' },
    answer:
      /4 rows → 3 unique handles; 1 invalid row skipped: line 5 `someone@example\.test` \(an email address in a list of handles\)/,
    controls: true,
  },
  {
    name: 'unicode and a BOM',
    file: { name: 'ünïcode ✨.csv', content: '\uFEFFusername\nmaya.moves\n日本語のハンドル\nzoë\n' },
    answer:
      /3 rows → 1 unique handle; 2 invalid rows skipped: line 3 `日本語のハンドル` \(not a valid Instagram handle\), line 4 `zoë`/,
    controls: true,
  },
  {
    name: 'formula cells',
    file: {
      name: 'formulas.csv',
      content: 'handle\n"=HYPERLINK(""http://evil.test"",""x"")"\n+cmd|calc\n@SUM(A1:A9)\nmaya.moves\n',
    },
    answer: /4 rows → 1 unique handle; 3 invalid rows skipped: line 2 `=HYPERLINK/,
    controls: true,
  },
  {
    name: 'stray and unclosed quotes',
    file: {
      name: 'quotes.csv',
      content: 'handle\n=HYPERLINK("http://evil.test","x")\nmaya.moves\n"unclosed\nnova.star\n',
    },
    answer:
      /3 rows → 1 unique handle; 2 invalid rows skipped: line 2 `=HYPERLINK\("http:\/\/evil\.test"` .*, line \d \(could not be read as CSV/,
    controls: true,
  },
  {
    name: 'semicolons, quotes, CRLF and extra columns',
    file: {
      name: 'euro.csv',
      content: 'Name;Instagram Handle;Notes\r\n"Maya; M";maya.moves;"said ""hi"""\r\nNova;@Nova.Star;\r\n',
    },
    answer: /2 rows → 2 unique handles/,
    controls: true,
  },
  {
    name: 'more than 10,000 different creators',
    file: {
      name: 'big.csv',
      content: `handle\n${Array.from({ length: 10_050 }, (_, i) => `creator_${i}`).join('\n')}\n`,
    },
    answer: /10,050 rows and 10,050 different creators; a batch takes at most 10,000/,
  },
];

describe('a corpus of awkward files', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ features: [testBatchFeature()] });
  });
  afterAll(async () => {
    await h.stop();
  });

  it.each(CORPUS)('answers $name once, spending nothing', async ({ file, answer, controls }) => {
    const { ts } = await dropCsv(h, file);
    const reply = await intakeReply(h, ts);
    expect(textOf(reply)).toMatch(answer);
    expectValidBlockKit(reply.args as never, 'message');
    const hasStart = JSON.stringify(reply.args.blocks).includes('batch_start');
    expect(hasStart).toBe(controls === true);
    await sleep(50);
    expect(postsIn(h, ts)).toHaveLength(1);
    expect(h.api.requests.filter((r) => r.method === 'POST')).toHaveLength(0);
  });

  it('escapes what the file says when quoting it back', async () => {
    const { ts } = await dropCsv(h, {
      name: '<!channel>.csv',
      content: 'handle\n<!channel> hi\n<@U123>\nmaya.moves\n',
    });
    const text = textOf(await intakeReply(h, ts));
    expect(text).not.toContain('<!channel>');
    expect(text).not.toContain('<@U123>');
    expect(text).toContain('&lt;!channel&gt;');
  });

  it('still works after all that, and the results CSV neutralises formulas', async () => {
    const { ts } = await dropCsv(h, { name: 'after.csv', content: 'handle\nmarkup.mallory\nmaya.moves\n' });
    await start(h, draftIdOf(await intakeReply(h, ts)));
    await summaryPost(h, ts);
    const logs = h.logs.map((l) => JSON.parse(l) as { level: number; msg: string });
    expect(logs.filter((l) => l.level >= 50)).toEqual([]);
  });
});
