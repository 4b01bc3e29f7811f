import type { Platform } from '../ic/platforms.ts';
import { isRecord, toBoolean, toNumber, toText } from '../ic/schemas/common.ts';

/**
 * The few vetting signals a full enrichment carries beyond the card's profile (api-ref#full-enrichment-blocks):
 * audience credibility (0–1), the most recent post date and the private flag. Null when absent.
 */
export interface CreatorSignals {
  audienceCredibility: number | null;
  lastPostAt: number | null;
  isPrivate: boolean | null;
}

function record(value: unknown): Record<string, unknown> {
  return isRecord(value) ? value : {};
}

/** `YYYY-MM-DD`, an ISO timestamp or epoch seconds/ms → epoch ms; null otherwise. */
export function toEpochMs(value: unknown): number | null {
  const n = toNumber(value);
  if (n !== null && typeof value === 'number') return n < 1e12 ? n * 1000 : n;
  const text = toText(value);
  if (!text) return null;
  const ms = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text);
  return Number.isFinite(ms) ? ms : null;
}

/** Reads the signals from an enrichment `result` (or the whole `{credits_cost, result}` answer). */
export function signalsOf(result: unknown, platform: Platform): CreatorSignals {
  let top = record(result);
  if (isRecord(top.result) && !isRecord(top[platform])) top = top.result;
  const block = record(top[platform]);
  const followers = record(record(block.audience).audience_followers);
  const data = followers.success === false ? {} : record(followers.data);
  const lastPost =
    block.most_recent_post_date ?? block.last_long_video_upload_date ?? block.last_streamed ?? null;
  return {
    audienceCredibility: toNumber(data.audience_credibility),
    lastPostAt: toEpochMs(lastPost),
    isPrivate: toBoolean(block.is_private),
  };
}
