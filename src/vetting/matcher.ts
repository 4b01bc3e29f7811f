/**
 * Brand-safety matching: whole words only, case- and accent-insensitive, plurals and hashtags
 * included. "bet" matches "Bet", "bets", "#bet" and "#bets" but never "alphabet" or "better"; a
 * phrase "sports betting" also matches "#sportsbetting". Pure.
 */

/** Lower case without accents: "Café" → "cafe". */
export function fold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A word and its plurals: cat(s), box(es), party/parties. */
function wordForms(word: string): string {
  const w = escapeRegex(word);
  if (/[^aeiou]y$/.test(word)) return `(?:${w}|${escapeRegex(word.slice(0, -1))}ies)`;
  return `${w}(?:s|es)?`;
}

export interface Term {
  /** As the admin wrote it (shown in reports). */
  label: string;
  pattern: RegExp;
}

/** Compiles a term (a word or a phrase); null for one with no letters or digits. */
export function compileTerm(label: string): Term | null {
  const words = fold(label)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0);
  if (words.length === 0) return null;
  const phrase = words.map(wordForms).join('[\\s_-]+');
  const hashtag = words.length > 1 ? `|#${words.map(escapeRegex).join('')}(?:s|es)?` : '';
  // not preceded or followed by a letter or digit: no match inside a word
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])(?:#?${phrase}${hashtag})(?![\\p{L}\\p{N}])`, 'u');
  return { label: label.trim(), pattern };
}

export interface TermGroup {
  /** e.g. "gambling" (a topic), "competitor", "custom". */
  name: string;
  kind: 'topic' | 'competitor' | 'custom';
  terms: Term[];
}

export interface Match {
  group: string;
  kind: TermGroup['kind'];
  term: string;
  /** Where in the original text (for a snippet). */
  index: number;
}

/**
 * Every term of `groups` found in `text`, once per term. Folding keeps one character per
 * character for the scripts creators write in, so indexes point into the original text closely
 * enough for a snippet.
 */
export function findMatches(text: string, groups: readonly TermGroup[]): Match[] {
  const folded = fold(text);
  const found: Match[] = [];
  for (const group of groups) {
    for (const term of group.terms) {
      const m = term.pattern.exec(folded);
      if (m) found.push({ group: group.name, kind: group.kind, term: term.label, index: m.index });
    }
  }
  return found;
}

/** A short piece of `text` around `index` (plain; views escape it). */
export function snippetAround(text: string, index: number, radius = 70): string {
  const flat = text.replace(/\s+/g, ' ');
  const at = Math.min(Math.max(0, index), flat.length);
  const start = Math.max(0, at - radius);
  const end = Math.min(flat.length, at + radius);
  return `${start > 0 ? '…' : ''}${flat.slice(start, end).trim()}${end < flat.length ? '…' : ''}`;
}
