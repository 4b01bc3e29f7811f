import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bar,
  escapeMrkdwn,
  formatCount,
  formatCredits,
  formatPercent,
  joinLinesWithin,
  limitList,
  mrkdwnLink,
  mrkdwnSnippet,
  plainText,
  truncate,
} from '../../views/format.ts';

describe('escapeMrkdwn', () => {
  it('defuses broadcasts, user mentions and links so creator text can never ping anyone', () => {
    const bio = 'Hi <!channel> and <!here|here> <@U123> <#C1> <https://evil.test|click me> & more';
    const out = escapeMrkdwn(bio);
    expect(out).not.toMatch(/[<>]/);
    expect(out).toContain('&lt;!channel&gt;');
    expect(out).toContain('&lt;@U123&gt;');
    expect(out).toContain('&amp; more');
  });

  it('breaks bare @channel/@here/@everyone words', () => {
    expect(escapeMrkdwn('ping @channel now, @HERE too, @everyone')).not.toMatch(/@(channel|here|everyone)/i);
    expect(escapeMrkdwn('mail hello@channels.test')).toBe('mail hello@channels.test');
  });

  it('stops bios from restyling the card but keeps snake_case handles intact', () => {
    const out = escapeMrkdwn('*bold* _it_ ~strike~ `code` example_creator');
    expect(out).not.toMatch(/[*~`]/);
    expect(out).not.toMatch(/(^|\s)_|_(\s|$)/);
    expect(out).toContain('example_creator');
  });

  it('never leaves a raw < or > whatever the input (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const out = escapeMrkdwn(s);
        expect(out).not.toMatch(/[<>]/);
        expect(out).not.toMatch(/&(?!amp;|lt;|gt;)/);
      }),
    );
  });
});

describe('plainText and mrkdwnSnippet', () => {
  it('truncate to the limit without splitting emoji', () => {
    const text = '🙂'.repeat(10);
    expect(Array.from(truncate(text, 5))).toHaveLength(5);
    expect(truncate(text, 5).endsWith('…')).toBe(true);
    expect(truncate('short', 10)).toBe('short');
  });

  it('keeps plain text short and inert', () => {
    const out = plainText(`A\u0000B @here ${'x'.repeat(500)}`, 150);
    expect(out.length).toBeLessThanOrEqual(150);
    expect(out).not.toMatch(/@here/);
    expect(out).not.toContain('\u0000');
  });

  it('cuts escaped text within the limit and never in the middle of an entity', () => {
    fc.assert(
      fc.property(fc.string(), fc.integer({ min: 5, max: 60 }), (s, max) => {
        const out = mrkdwnSnippet(`${s}&&&<<<>>>${s}`, max);
        expect(Array.from(out).length).toBeLessThanOrEqual(max);
        expect(out).not.toMatch(/&[a-z]*…$/);
      }),
    );
  });
});

describe('mrkdwnLink', () => {
  it('links only http(s) URLs and escapes the label', () => {
    expect(mrkdwnLink('https://instagram.com/x', '@x')).toBe('<https://instagram.com/x|@x>');
    expect(mrkdwnLink('javascript:alert(1)', 'evil')).toBe('evil');
    expect(mrkdwnLink('https://a.test/?q=<b>|c', 'a|b <c>')).toBe(
      '<https://a.test/?q=%3Cb%3E%7Cc|a∣b &lt;c&gt;>',
    );
    expect(mrkdwnLink(null, 'none')).toBe('none');
  });
});

describe('numbers', () => {
  it.each([
    [null, '—'],
    [Number.NaN, '—'],
    [0, '0'],
    [999, '999'],
    [1000, '1K'],
    [128_400, '128.4K'],
    [999_950, '1M'],
    [1_500_000, '1.5M'],
    [2_340_000_000, '2.3B'],
  ])('formatCount(%s) = %s', (value, expected) => {
    expect(formatCount(value)).toBe(expected);
  });

  it('formats percentages and credits without noise', () => {
    expect(formatPercent(3.42)).toBe('3.42%');
    expect(formatPercent(3)).toBe('3%');
    expect(formatPercent(undefined)).toBe('—');
    expect(formatCredits(0.03)).toBe('0.03');
    expect(formatCredits(1)).toBe('1');
    expect(formatCredits(12.5)).toBe('12.5');
    expect(formatCredits(0.1 + 0.2)).toBe('0.3');
  });

  it('draws bars for shares and clamps out-of-range values', () => {
    expect(bar(0.5, 10)).toBe('▓▓▓▓▓░░░░░');
    expect(bar(2, 4)).toBe('▓▓▓▓');
    expect(bar(Number.NaN, 4)).toBe('░░░░');
  });
});

describe('limits', () => {
  it('limitList keeps exactly max items including the "…and N more" tail', () => {
    const out = limitList([1, 2, 3, 4, 5], 3, (n) => -n);
    expect(out).toEqual([1, 2, -3]);
    expect(limitList([1, 2], 3, (n) => -n)).toEqual([1, 2]);
  });

  it('joinLinesWithin never exceeds the limit and says how many were left out', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ maxLength: 40 }), { maxLength: 200 }),
        fc.integer({ min: 60, max: 3000 }),
        (lines, max) => {
          const out = joinLinesWithin(lines, max);
          expect(out.length).toBeLessThanOrEqual(max);
          const shown = out === '' ? 0 : out.split('\n').length;
          if (out.includes('…and ')) {
            const dropped = Number(out.match(/…and ([\d,]+) more$/)?.[1]?.replace(/,/g, ''));
            expect(shown - 1 + dropped).toBe(lines.length);
          }
        },
      ),
    );
  });
});
