/**
 * When the weekly digest is due: every Monday at 9:00 in the workspace's time zone. Pure functions
 * of the clock and an IANA zone, so tests can jump to Monday 9:00.
 */

const DAY_MS = 24 * 60 * 60 * 1000;
export const WEEK_MS = 7 * DAY_MS;
export const DIGEST_HOUR = 9;

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The wall-clock parts of `at` in `zone`. */
function partsIn(at: number, zone: string) {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    weekday: 'short',
  }).formatToParts(new Date(at));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return {
    year: Number(get('year')),
    month: Number(get('month')),
    day: Number(get('day')),
    hour: Number(get('hour')),
    minute: Number(get('minute')),
    second: Number(get('second')),
    weekday: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(get('weekday')),
  };
}

/** How far `zone` is ahead of UTC at `at`, in ms. */
function offsetAt(at: number, zone: string): number {
  const p = partsIn(at, zone);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(at / 1000) * 1000;
}

/** The instant of a wall-clock time in `zone` (DST gaps resolve to the later side). */
export function zonedTime(zone: string, year: number, month: number, day: number, hour: number): number {
  const guess = Date.UTC(year, month - 1, day, hour);
  const first = guess - offsetAt(guess, zone);
  return guess - offsetAt(first, zone);
}

/**
 * The latest Monday 9:00 in `zone` at or before `now`: the digest slot this week belongs to.
 * The digest sent for it covers the seven days before it.
 */
export function lastSlot(now: number, zone: string): number {
  const p = partsIn(now, zone);
  const daysSinceMonday = (p.weekday + 6) % 7;
  const monday = new Date(Date.UTC(p.year, p.month - 1, p.day) - daysSinceMonday * DAY_MS);
  const slot = zonedTime(
    zone,
    monday.getUTCFullYear(),
    monday.getUTCMonth() + 1,
    monday.getUTCDate(),
    DIGEST_HOUR,
  );
  if (slot <= now) return slot;
  const before = new Date(monday.getTime() - WEEK_MS);
  return zonedTime(zone, before.getUTCFullYear(), before.getUTCMonth() + 1, before.getUTCDate(), DIGEST_HOUR);
}

/** "2026-11-16": the slot's Monday in the workspace's zone, the digest's once-only key. */
export function slotKey(slot: number, zone: string): string {
  const p = partsIn(slot, zone);
  return `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
}

/** A digest more than this late (Scout was down all Monday and Tuesday) is skipped, not sent stale. */
export const MAX_LATE_MS = 2 * DAY_MS;
