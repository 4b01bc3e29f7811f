import { z } from 'zod';
import { workspaceKeys } from '../budget/keys.ts';
import type { Store } from '../store/types.ts';

/**
 * How a workspace's link unfurls may spend (App Home, admins only): `cache` unfurls only creators
 * already looked up (free), `auto` also pays for up to `dailyCap` raw lookups a day (counted against
 * the monthly budget like any lookup), `off` leaves links alone.
 */

export const UNFURL_MODES = ['cache', 'auto', 'off'] as const;
export type UnfurlMode = (typeof UNFURL_MODES)[number];

export const DEFAULT_DAILY_CAP = 25;
export const MAX_DAILY_CAP = 1000;

export interface UnfurlSettings {
  mode: UnfurlMode;
  dailyCap: number;
  setBy?: string | undefined;
  setAt?: number | undefined;
}

export const DEFAULT_UNFURL_SETTINGS: UnfurlSettings = Object.freeze({
  mode: 'auto',
  dailyCap: DEFAULT_DAILY_CAP,
});

const settingsSchema = z.object({
  mode: z.enum(UNFURL_MODES).catch('auto'),
  dailyCap: z.number().int().min(0).max(MAX_DAILY_CAP).catch(DEFAULT_DAILY_CAP),
  setBy: z.string().optional().catch(undefined),
  setAt: z.number().optional().catch(undefined),
});

const key = workspaceKeys.unfurlSettings;

export async function readUnfurlSettings(store: Store, team: string): Promise<UnfurlSettings> {
  const parsed = settingsSchema.safeParse(await store.kv.get(key(team)));
  return parsed.success ? parsed.data : { ...DEFAULT_UNFURL_SETTINGS };
}

export async function writeUnfurlSettings(
  store: Store,
  team: string,
  settings: UnfurlSettings,
): Promise<void> {
  await store.kv.set(key(team), settingsSchema.parse(settings));
}

/** The "N raw lookups a day" field: a whole number 0–1000. */
export function parseDailyCap(
  input: string | null | undefined,
): { ok: true; value: number } | { ok: false; error: string } {
  const text = (input ?? '').trim();
  if (!/^\d+$/.test(text)) return { ok: false, error: 'Type a whole number of lookups a day, e.g. 25.' };
  const value = Number(text);
  if (value > MAX_DAILY_CAP) return { ok: false, error: `At most ${MAX_DAILY_CAP} lookups a day.` };
  return { ok: true, value };
}

export function isUnfurlMode(value: unknown): value is UnfurlMode {
  return typeof value === 'string' && (UNFURL_MODES as readonly string[]).includes(value);
}
