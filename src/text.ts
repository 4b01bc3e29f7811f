/**
 * Plain text helpers the core needs as much as the views: Slack's length limits, truncation,
 * neutralising text we did not write, and number formatting. No Block Kit, no I/O, so that
 * `src/discovery` (search summaries, type-ahead options) can use them without importing views/;
 * views/format.ts re-exports them for the views.
 */

/** Block Kit limits (docs/slack.md). Exceeding one makes Slack reject the whole payload. */
export const LIMITS = {
  messageBlocks: 50,
  surfaceBlocks: 100,
  sectionText: 3000,
  sectionFields: 10,
  fieldText: 2000,
  headerText: 150,
  contextElements: 10,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  url: 3000,
  id: 255,
  optionText: 75,
  optionValue: 75,
  options: 100,
  modalTitle: 24,
  privateMetadata: 3000,
  altText: 2000,
  /** Keep the notification fallback short; Slack truncates far above this. */
  fallbackText: 3000,
} as const;

export const MISSING = '—';
const ELLIPSIS = '…';

/** Cut `text` to at most `max` characters (code points, so emoji are never split), ending in "…". */
export function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  return `${chars.slice(0, Math.max(0, max - 1)).join('')}${ELLIPSIS}`;
}

/**
 * Text we did not write, for a plain_text object: Slack does not parse mentions or formatting there,
 * but a control character or a broadcast word is still best kept inert.
 */
export function plainText(text: string, max: number): string {
  return truncate(
    text
      .replace(/\p{Cc}+/gu, ' ')
      .replace(/@(channel|here|everyone)\b/gi, '@\u200b$1')
      .trim(),
    max,
  );
}

/** 128400 → "128.4K", 1500000 → "1.5M"; null/NaN → "—". */
export function formatCount(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return MISSING;
  const units = ['', 'K', 'M', 'B', 'T'];
  let unit = 0;
  let scaled = value;
  while (Math.abs(scaled) >= 1000 && unit < units.length - 1) {
    scaled /= 1000;
    unit += 1;
  }
  if (unit === 0) return String(Math.round(value));
  // 999,950 must read "1M", not "1000K"
  if (Math.abs(Math.round(scaled * 10) / 10) >= 1000 && unit < units.length - 1) {
    scaled /= 1000;
    unit += 1;
  }
  return `${trimZeros((Math.round(scaled * 10) / 10).toFixed(1))}${units[unit]}`;
}

/** Whole numbers with thousands separators: 1204 → "1,204". */
export function formatInteger(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return MISSING;
  return Math.round(value).toLocaleString('en-US');
}

/** "12.500" → "12.5", "3.00" → "3". */
export function trimZeros(fixed: string): string {
  return fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed;
}
