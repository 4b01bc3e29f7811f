import { z } from 'zod';
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
  updatedBy: z.string().optional(),
  updatedAt: z.number().optional(),
});

export type WorkspaceSettings = z.infer<typeof workspaceSettingsSchema>;

export const DEFAULT_THRESHOLDS = [80, 100] as const;

export async function readSettings(store: Store, team: string): Promise<WorkspaceSettings> {
  const raw = await store.kv.get(budgetKeys.settings(team));
  const parsed = workspaceSettingsSchema.safeParse(raw ?? {});
  return parsed.success ? parsed.data : {};
}

export async function writeSettings(
  store: Store,
  team: string,
  patch: Partial<WorkspaceSettings>,
): Promise<WorkspaceSettings> {
  const next = workspaceSettingsSchema.parse({ ...(await readSettings(store, team)), ...patch });
  await store.kv.set(budgetKeys.settings(team), next);
  return next;
}
