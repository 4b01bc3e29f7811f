/**
 * Pieces every view shares: Block Kit limits, escaping of text we did not write, number formatting,
 * truncation. Pure functions, no I/O. The plain-text part lives in src/text.ts (the core uses it too).
 */

import { formatInteger, LIMITS, MISSING, trimZeros, truncate } from '../src/text.ts';

export {
  formatCount,
  formatInteger,
  LIMITS,
  MISSING,
  plainText,
  truncate,
} from '../src/text.ts';

/**
 * Make text from creators or the API safe inside mrkdwn.
 * - `&`, `<`, `>` become entities: that alone stops `<!channel>`, `<@U123>` and `<url|label>` working.
 * - bare `@channel`/`@here`/`@everyone` get a zero-width space after the `@`, so even an app with
 *   link_names can never turn them into a broadcast.
 * - `*`, `~` and backticks are swapped for look-alikes, and `_` where it could open or close
 *   italics (not inside snake_case words), so a bio cannot restyle the card.
 */
export function escapeMrkdwn(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/@(channel|here|everyone)\b/gi, '@\u200b$1')
    .replace(/\*/g, '\u2217')
    .replace(/~/g, '\u223c')
    .replace(/`/g, '\u02cb')
    .replace(/(^|[^\p{L}\p{N}])_|_(?=$|[^\p{L}\p{N}])/gu, (m) => m.replace('_', '\uff3f'));
}

/** Escape then truncate, never cutting an entity in half. */
/**
 * The `text` fallback of a message (notifications, screen readers). Slack reads it as mrkdwn, so
 * creator text in it is escaped exactly as in the blocks: one function for both.
 */
export function fallbackText(text: string): string {
  return mrkdwnSnippet(text.replace(/\p{Cc}+/gu, ' '), LIMITS.fallbackText);
}

export function mrkdwnSnippet(text: string, max: number): string {
  const escaped = escapeMrkdwn(text.replace(/\s+/g, ' ').trim());
  if (escaped.length <= max) return escaped;
  const cut = truncate(escaped, max);
  // drop a trailing half entity such as "&am…"
  return cut.replace(/&[a-z]{0,4}…$/, '…');
}

/** A link in mrkdwn; the label is escaped, the URL must be http(s) or it is dropped. */
export function mrkdwnLink(url: string | null | undefined, label: string): string {
  const safeLabel = escapeMrkdwn(label).replace(/\|/g, '\u2223');
  if (!url || !isHttpUrl(url) || url.length > LIMITS.url) return safeLabel;
  return `<${url.replace(/[<>|]/g, encodeURIComponent)}|${safeLabel}>`;
}

export function isHttpUrl(url: string): boolean {
  return URL.canParse(url) && /^https?:$/.test(new URL(url).protocol);
}

/** A percentage given as a percent (3.42 → "3.42%"). */
export function formatPercent(value: number | null | undefined, digits = 2): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return MISSING;
  return `${trimZeros(value.toFixed(digits))}%`;
}

/** Credits: up to 3 decimals, no trailing zeros (0.03, 1, 12.5). */
export function formatCredits(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return MISSING;
  return trimZeros(value.toFixed(3)).replace(/^-0$/, '0');
}

/** "1 credit", "0.5 credits". */
export function creditsPhrase(value: number): string {
  return `${formatCredits(value)} ${value === 1 ? 'credit' : 'credits'}`;
}

/** A bar of `width` cells for a 0–1 share: "▓▓▓▓░░░░░░". */
export function bar(fraction: number, width = 10): string {
  const f = Number.isFinite(fraction) ? Math.min(1, Math.max(0, fraction)) : 0;
  const full = Math.round(f * width);
  return '▓'.repeat(full) + '░'.repeat(width - full);
}

/** "1 creator" / "3 creators". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatInteger(n)} ${n === 1 ? one : many}`;
}

/**
 * Keep at most `max` items; when some are dropped, `more(n)` renders the "…and N more" tail.
 * Returns the kept items plus the tail (if any) so callers stay within a limit exactly.
 */
export function limitList<T>(items: readonly T[], max: number, more: (dropped: number) => T): T[] {
  if (items.length <= max) return [...items];
  const kept = items.slice(0, Math.max(0, max - 1));
  return [...kept, more(items.length - kept.length)];
}

/** Join lines into one mrkdwn text within `max` characters, ending with "…and N more" when cut. */
export function joinLinesWithin(lines: readonly string[], max: number, noun = 'more'): string {
  const out: string[] = [];
  let length = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const rest = lines.length - i - 1;
    const tail = rest > 0 ? `\n…and ${formatInteger(rest)} ${noun}`.length : 0;
    if (length + line.length + 1 + tail > max) {
      const dropped = lines.length - i;
      out.push(`…and ${formatInteger(dropped)} ${noun}`);
      return out.join('\n');
    }
    out.push(line);
    length += line.length + 1;
  }
  return out.join('\n');
}

/** Month name for budget messages, in UTC like the budget itself ("November"). */
export function monthName(date: Date): string {
  return date.toLocaleString('en-US', { month: 'long', timeZone: 'UTC' });
}

/** "2 h ago", "3 d ago", "just now". */
export function ago(then: number, now: number): string {
  const s = Math.max(0, Math.round((now - then) / 1000));
  if (s < 60) return 'just now';
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min ago`;
  const h = Math.round(m / 60);
  if (h < 48) return `${h} h ago`;
  return `${Math.round(h / 24)} d ago`;
}
