import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decideFile, type IntakeError, MAX_DISTINCT, readCreatorCsv } from '../../src/batch/intake.ts';
import { findCreatorColumn, readCell } from '../../src/batch/intake-cells.ts';
import { cleanCsv, guessPlatform, resolveList } from '../../src/batch/intake-list.ts';
import { parseCreatorRef } from '../../src/creator-ref.ts';
import { csvShape } from '../../src/ic/schemas.ts';
import { isTrustedFileUrl } from '../../src/slack/file-download.ts';

const read = (text: string | Buffer, chunk = 0) => {
  const bytes = typeof text === 'string' ? Buffer.from(text) : text;
  const chunks =
    chunk > 0
      ? Array.from({ length: Math.ceil(bytes.length / chunk) }, (_, i) =>
          bytes.subarray(i * chunk, (i + 1) * chunk),
        )
      : [bytes];
  return readCreatorCsv(chunks);
};

async function problemOf(text: string | Buffer, options?: { maxBytes?: number }) {
  try {
    await readCreatorCsv([typeof text === 'string' ? Buffer.from(text) : text], options);
  } catch (error) {
    return (error as IntakeError).problem;
  }
  throw new Error('expected a refusal');
}

describe('decideFile', () => {
  it.each([
    [{ id: 'F1', name: 'a.csv', filetype: 'csv', mimetype: 'text/csv', size: 10 }, 'read'],
    [{ id: 'F1', name: 'A.CSV', filetype: 'text', mimetype: 'text/plain' }, 'read'],
    [{ id: 'F1', name: 'list', filetype: 'csv' }, 'read'],
    [{ id: 'F1', name: 'big.csv', filetype: 'csv', size: 10 * 1024 * 1024 + 1 }, 'refuse'],
    [{ id: 'F1', name: 'x.xlsx', filetype: 'xlsx' }, 'refuse'],
    [{ id: 'F1', name: 'x.tsv', filetype: 'tsv' }, 'refuse'],
    [{ id: 'F1', name: 'sheet', filetype: 'gsheet' }, 'refuse'],
    [{ id: 'F1', name: 'cat.png', filetype: 'png', mimetype: 'image/png' }, 'ignore'],
    [{ id: 'F1', name: 'brief.pdf', filetype: 'pdf', mimetype: 'application/pdf' }, 'ignore'],
    [{ id: 'F1', name: 'notes.txt', filetype: 'text', mimetype: 'text/plain' }, 'ignore'],
    [{ id: 'F1', name: 'clip.mp4', filetype: 'mp4', mimetype: 'video/mp4' }, 'ignore'],
  ])('%o → %s', (file, action) => {
    expect(decideFile(file).action).toBe(action);
  });
});

describe('readCell', () => {
  it.each([
    ['nike', { kind: 'handle', handle: 'nike', platform: null }],
    ['  @Nike ', { kind: 'handle', handle: 'nike', platform: null }],
    ['https://www.instagram.com/Nike/?hl=en', { kind: 'handle', handle: 'nike', platform: 'instagram' }],
    ['tiktok.com/@Khaby.Lame', { kind: 'handle', handle: 'khaby.lame', platform: 'tiktok' }],
    ['UCX6OQ3DkcsbYNE6H8uQQuVA', { kind: 'handle', handle: 'UCX6OQ3DkcsbYNE6H8uQQuVA', platform: 'youtube' }],
    ['mr-beast', { kind: 'handle', handle: 'mr-beast', platform: null }],
    ['Hello@Example.com', { kind: 'email', email: 'hello@example.com' }],
  ])('%s', (cell, expected) => {
    expect(readCell(cell)).toEqual(expected);
  });

  it.each([
    '',
    'not a handle!!',
    '=1+2',
    'https://example.com/x',
    'https://www.instagram.com/p/ABC/',
    'linkedin.com/in/someone',
  ])('refuses %j', (cell) => {
    expect(readCell(cell).kind).toBe('invalid');
  });

  it('reads plain handles exactly as parseCreatorRef does (the fast path changes nothing)', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^@?[A-Za-z0-9_]{1,30}$/), (cell) => {
        const ref = parseCreatorRef(cell);
        const value = readCell(cell);
        if (ref.kind === 'handle' && ref.platformFromInput)
          return value.kind === 'handle' && value.platform === ref.platform;
        if (ref.kind === 'handle')
          return value.kind === 'handle' && value.handle === ref.handle && value.platform === null;
        return value.kind !== 'email';
      }),
    );
  });

  it('never accepts a cell with a comma, quote or line break (the clean CSV needs no quoting)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (cell) => {
        const value = readCell(cell);
        const text = value.kind === 'handle' ? value.handle : value.kind === 'email' ? value.email : '';
        return !/[",\r\n]/.test(text);
      }),
    );
  });
});

describe('findCreatorColumn', () => {
  it.each([
    [['Name', 'Instagram Handle'], 1, true],
    [['email', 'handle'], 1, true],
    [['E-mail'], 0, true],
    [['profile_url', 'notes'], 0, true],
    [['Creators'], 0, true],
    [['nike'], 0, false],
    [['@nike'], 0, false],
  ])('%j → column %i (header: %s)', (row, index, header) => {
    expect(findCreatorColumn(row)).toMatchObject({ column: { index }, header });
  });

  it('gives up on several unnamed columns', () => {
    expect(findCreatorColumn(['Name', 'Followers'])).toBeNull();
  });
});

describe('readCreatorCsv', () => {
  it('counts rows, duplicates and invalid lines with their line numbers', async () => {
    const result = await read('handle\nnike\n@Nike\n\nnot a handle!!\nadidas\nfoo@bar.test\n');
    expect(result).toMatchObject({ kind: 'handle', rows: 5, duplicates: 1, invalid: 2 });
    expect(result.entries).toEqual([
      ['nike', '', 2],
      ['adidas', '', 6],
    ]);
    expect(result.invalidSamples.map((s) => s.line)).toEqual([5, 7]);
  });

  it('reads the same whatever the chunking (BOM, CRLF and quotes split across chunks)', async () => {
    const text = '\uFEFF"Name","Handle"\r\n"Maya, M","maya.moves"\r\n"Nova ""N""",@nova.star\r\n';
    const whole = await read(text);
    for (const size of [1, 2, 3, 7]) expect(await read(text, size)).toEqual(whole);
    expect(whole.entries.map((e) => e[0])).toEqual(['maya.moves', 'nova.star']);
  });

  it('sniffs emails by content, whatever the header says', async () => {
    const result = await read('handle\na@b.test\nc@d.test\nnike\n');
    expect(result.kind).toBe('email');
    expect(result.invalid).toBe(1);
    expect(result.invalidSamples[0]).toMatchObject({ line: 4, reason: 'not an email address' });
  });

  it('counts profile links per platform for the guess', async () => {
    const result = await read('url\ntiktok.com/@a.b\nhttps://www.tiktok.com/@c\ninstagram.com/d\n');
    expect(result.linkPlatforms).toEqual({ tiktok: 2, instagram: 1 });
    expect(guessPlatform(result.linkPlatforms, 'url', 'x.csv')).toEqual({
      platform: 'tiktok',
      from: 'links',
    });
  });

  it.each([
    ['', 'empty'],
    ['handle\n', 'header_only'],
    ['a,b\n1,2\n', 'no_column'],
    ['handle\n???\n', 'no_valid_rows'],
    ['<!DOCTYPE html><html></html>', 'html'],
  ])('refuses %j as %s', async (text, code) => {
    expect((await problemOf(text)).code).toBe(code);
  });

  it('refuses binary data and renamed spreadsheets', async () => {
    expect((await problemOf(Buffer.from([0x41, 0x00, 0x42]))).code).toBe('binary');
    expect(await problemOf(Buffer.from('PK\u0003\u0004rest'))).toEqual({
      code: 'spreadsheet',
      filetype: 'xlsx',
    });
  });

  it('stops at the size limit while streaming', async () => {
    const problem = await problemOf(`handle\n${'abc\n'.repeat(1000)}`, { maxBytes: 1000 });
    expect(problem.code).toBe('too_large');
  });

  it('keeps memory bounded: past MAX_DISTINCT only rows are counted', async () => {
    const rows = MAX_DISTINCT + 50;
    const result = await read(`handle\n${Array.from({ length: rows }, (_, i) => `c${i}`).join('\n')}\n`);
    expect(result.rows).toBe(rows);
    expect(result.overflow).toBe(true);
    expect(result.entries).toHaveLength(MAX_DISTINCT);
  });
});

describe('resolveList', () => {
  it('skips links to other platforms, handles the platform refuses, and meets links and handles', async () => {
    const result = await read('handle\nnike\ninstagram.com/nike\ntiktok.com/@dancer\nmr-beast\n');
    const instagram = resolveList(result, 'instagram');
    expect(instagram.values).toEqual(['nike']);
    expect(instagram.duplicates).toBe(1);
    expect(instagram.skipped).toBe(2);
    expect(instagram.otherPlatforms).toEqual({ tiktok: 1 });
    const youtube = resolveList(result, 'youtube');
    expect(youtube.values).toEqual(['nike', 'mr-beast']);
  });

  it('never sends a duplicate (property)', () => {
    fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom('nike', '@NIKE', 'instagram.com/nike', 'adidas', 'Adidas', 'x y'), {
          maxLength: 30,
        }),
        async (cells) => {
          if (cells.length === 0) return true;
          try {
            const r = await read(`handle\n${cells.join('\n')}\n`);
            const { values, duplicates, skipped } = resolveList(r, 'instagram');
            return new Set(values).size === values.length && values.length + duplicates + skipped === r.rows;
          } catch {
            return cells.every((c) => c === 'x y');
          }
        },
      ),
    );
  });
});

describe('cleanCsv', () => {
  it('is what the client and the API accept: one column, the right header', () => {
    const csv = cleanCsv('handle', ['nike', 'adidas']);
    expect(csv).toBe('handle\nnike\nadidas\n');
    expect(csvShape(csv)).toEqual({ header: 'handle', rows: 2 });
    expect(() => cleanCsv('email', ['a,b@c.d'])).toThrow(RangeError);
  });
});

describe('isTrustedFileUrl', () => {
  const api = 'https://slack.com/api/';
  it.each([
    ['https://files.slack.com/files-pri/T1-F1/download/a.csv', api, true],
    ['http://files.slack.com/files-pri/T1-F1/a.csv', api, false],
    ['https://files.slack.com.evil.test/a.csv', api, false],
    ['https://evil.test/a.csv', api, false],
    ['https://slack.com/files/a.csv', api, false],
    ['https://user:pw@files.slack.com/a.csv', api, false],
    ['http://127.0.0.1:4000/files-pri/F1/a.csv', 'http://127.0.0.1:4000/api/', true],
    ['http://127.0.0.1:4001/files-pri/F1/a.csv', 'http://127.0.0.1:4000/api/', false],
    ['not a url', api, false],
  ])('%s (api %s) → %s', (url, slackApiUrl, trusted) => {
    expect(isTrustedFileUrl(url, slackApiUrl)).toBe(trusted);
  });
});
