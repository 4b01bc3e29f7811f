import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileTerm, findMatches, fold, snippetAround, type TermGroup } from '../../src/vetting/matcher.ts';
import { parseTerms, termGroups } from '../../src/vetting/safety-lists.ts';

/** Brand-safety matching: whole words, any case or accent, plurals and hashtags, never inside a word. */

function matches(term: string, text: string): boolean {
  const compiled = compileTerm(term);
  if (!compiled) throw new Error('no term');
  return findMatches(text, [{ name: 'g', kind: 'custom', terms: [compiled] }]).length > 0;
}

describe('brand-safety matching', () => {
  it('matches plurals (s, es, y → ies)', () => {
    expect(matches('casino', 'Two casinos tonight')).toBe(true);
    expect(matches('box', 'unboxing? no: three boxes')).toBe(true);
    expect(matches('party', 'house parties all week')).toBe(true);
    expect(matches('gun', 'guns')).toBe(true);
  });

  it('matches hashtags, including a phrase written as one hashtag', () => {
    expect(matches('vodka', 'Cocktails #VODKA')).toBe(true);
    expect(matches('casino', '#Casinos')).toBe(true);
    expect(matches('sports betting', 'weekend #SportsBetting picks')).toBe(true);
    expect(matches('sports betting', 'sports   betting tips')).toBe(true);
  });

  it('is case- and accent-insensitive both ways', () => {
    expect(matches('Nike', 'New drop from Nikë')).toBe(true);
    expect(matches('café', 'CAFE culture')).toBe(true);
    expect(matches('Crème Brûlée', 'creme brulee recipe')).toBe(true);
    expect(fold('Ärger')).toBe('arger');
  });

  it('never matches inside a word', () => {
    expect(matches('bet', 'Alphabet soup, better days')).toBe(false);
    expect(matches('gun', 'begun, gunshot-free, shotgunner')).toBe(false);
    expect(matches('hate', 'whatever')).toBe(false);
    expect(matches('ass', 'class, pass, assassin')).toBe(false);
    expect(matches('bet', 'one bet.')).toBe(true);
  });

  it('no word embedded between letters ever matches (property)', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[a-z]{3,8}$/),
        fc.stringMatching(/^[a-z]{1,4}$/),
        fc.stringMatching(/^[a-z]{1,4}$/),
        (word, before, after) => {
          expect(matches(word, `${before}${word}${after}x`)).toBe(false);
          expect(matches(word, `say ${word.toUpperCase()}!`)).toBe(true);
        },
      ),
    );
  });

  it('groups the default topics, competitors and custom words; a snippet sits around the match', () => {
    const groups: TermGroup[] = termGroups({
      topics: ['gambling', 'nope'],
      competitors: ['Nike'],
      custom: ['promo code'],
    });
    expect(groups.map((g) => g.name)).toEqual(['gambling', 'competitor', 'custom word']);
    const found = findMatches('Use my promo code at the casino, wearing Nike', groups);
    expect(found.map((m) => `${m.group}:${m.term}`)).toEqual([
      'gambling:casino',
      'competitor:Nike',
      'custom word:promo code',
    ]);
    expect(snippetAround(`${'x '.repeat(100)}casino ${'y '.repeat(100)}`, 200, 20)).toMatch(/^….*casino.*…$/);
    expect(parseTerms(' Nike,nike\nAdidas ;; ')).toEqual(['Nike', 'Adidas']);
  });
});
