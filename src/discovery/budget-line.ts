import type { BudgetGuard } from '../budget/guard.ts';

/** The workspace budget as the discovery modal and results footers show it. */
export interface BudgetLine {
  remaining: number;
  limit: number;
}

/**
 * Half a second at most: a modal must open within the 3 s of its trigger id, and the line is a
 * courtesy (without it the form points to the Home tab).
 */
const BUDGET_READ_DEADLINE_MS = 500;

/** The workspace's budget, or null when the store is slow or failing. */
export async function budgetLine(
  guard: Pick<BudgetGuard, 'status'>,
  team: string,
  deadlineMs = BUDGET_READ_DEADLINE_MS,
): Promise<BudgetLine | null> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), deadlineMs);
  });
  try {
    return await Promise.race([
      guard
        .status(team)
        .then((s) => ({ remaining: s.remaining, limit: s.limit }))
        .catch(() => null),
      late,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
