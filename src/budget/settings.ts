import { z } from 'zod';
import { roundCredits } from '../ic/prices.ts';
import type { Store } from '../store/types.ts';
import { budgetKeys } from './keys.ts';

/** Per-workspace settings admins change in the Home tab. Anything unset falls back to the defaults. */
export const workspaceSettingsSchema = z.looseObject({
  /** Monthly budget in credits; absent = CREDIT_BUDGET_DEFAULT. */
  budget: z.number().nonnegative().optional(),
  /** Channel for the 80 %/100 % notices; absent = DM the admins. */
  alertChannel: z
    .string()
    .regex(/^[CGD][A-Z0-9]+$/)
    .optional(),
  /** Percentages of the budget that trigger a notice, ascending. */
  thresholds: z.array(z.number().int().min(1).max(100)).max(5).optional(),
  /** Who last changed any setting, and when (an admin: a fallback recipient for notices). */
  updatedBy: z.string().optional(),
  updatedAt: z.number().optional(),
  /** Who set the budget, and when (the Home tab shows it). */
  budgetSetBy: z.string().optional(),
  budgetSetAt: z.number().optional(),
});

export type WorkspaceSettings = z.infer<typeof workspaceSettingsSchema>;

export const DEFAULT_THRESHOLDS = [80, 100] as const;
export const MAX_THRESHOLDS = 5;

/** Far above any real plan: a typo such as 5000000 is refused instead of silently lifting the cap. */
export const MAX_BUDGET = 10_000_000;

export async function readSettings(store: Store, team: string): Promise<WorkspaceSettings> {
  const raw = await store.kv.get(budgetKeys.settings(team));
  const parsed = workspaceSettingsSchema.safeParse(raw ?? {});
  return parsed.success ? parsed.data : {};
}

/**
 * Merge `patch` into the stored settings. A key set to `undefined` in the patch is removed
 * (e.g. `alertChannel: undefined` goes back to DMing the admins).
 */
export async function writeSettings(
  store: Store,
  team: string,
  patch: Partial<WorkspaceSettings>,
): Promise<WorkspaceSettings> {
  const merged: Record<string, unknown> = { ...(await readSettings(store, team)), ...patch };
  for (const [key, value] of Object.entries(merged)) if (value === undefined) delete merged[key];
  const next = workspaceSettingsSchema.parse(merged);
  await store.kv.set(budgetKeys.settings(team), next);
  return next;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

/**
 * What an admin typed as the monthly budget: a number of credits >= 0, up to 3 decimals
 * ("1,500" and "1500 credits" are read as 1500). The message is shown under the input.
 */
export function parseBudgetInput(text: string | null | undefined): Parsed<number> {
  const cleaned = (text ?? '')
    .trim()
    .replace(/\s*credits?$/i, '')
    .replace(/(?<=\d)[,_](?=\d{3}\b)/g, '');
  if (cleaned === '') return { ok: false, error: 'Enter the monthly budget in credits, e.g. 500.' };
  if (!/^\d+(\.\d+)?$/.test(cleaned)) {
    return {
      ok: false,
      error: `"${cleaned.slice(0, 40)}" is not a number of credits. Enter a number >= 0, e.g. 500 or 0.5.`,
    };
  }
  const value = Number(cleaned);
  if (!Number.isFinite(value) || value > MAX_BUDGET) {
    return {
      ok: false,
      error: `That is more than ${MAX_BUDGET.toLocaleString('en-US')} credits. Check for a typo.`,
    };
  }
  if (roundCredits(value) !== value) {
    return { ok: false, error: 'Use at most 3 decimals, e.g. 12.5 or 0.125.' };
  }
  return { ok: true, value };
}

/** Notice thresholds as typed: "80, 100" → [80, 100]; whole percentages 1–100, ascending, at most 5. */
export function parseThresholdsInput(text: string | null | undefined): Parsed<number[]> {
  const parts = (text ?? '')
    .split(/[\s,;]+/)
    .map((p) => p.replace(/%$/, ''))
    .filter(Boolean);
  const example = 'Enter whole percentages from 1 to 100 in ascending order, e.g. "80, 100".';
  if (parts.length === 0) return { ok: false, error: `Enter at least one threshold. ${example}` };
  if (parts.length > MAX_THRESHOLDS) {
    return { ok: false, error: `At most ${MAX_THRESHOLDS} thresholds. ${example}` };
  }
  const values: number[] = [];
  for (const part of parts) {
    if (!/^\d+$/.test(part))
      return { ok: false, error: `"${part.slice(0, 20)}" is not a whole number. ${example}` };
    const value = Number(part);
    if (value < 1 || value > 100)
      return { ok: false, error: `${value} is not between 1 and 100. ${example}` };
    const last = values.at(-1);
    if (last !== undefined && value <= last) {
      return {
        ok: false,
        error: `${value} comes after ${last}: list them in ascending order without repeats. ${example}`,
      };
    }
    values.push(value);
  }
  return { ok: true, value: values };
}
