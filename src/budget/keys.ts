/** Store keys for budgets and spend, in one place so the guard, Home and tests agree. */

/** Budgets run per calendar month in UTC: "2026-11". */
export function monthOf(now: number): string {
  return new Date(now).toISOString().slice(0, 7);
}

export const budgetKeys = {
  /** Counter (milli-credits): everything reserved or spent by a workspace this month. */
  committed: (team: string, month: string) => `budget:committed:${team}:${month}`,
  /** Fields (milli-credits): settled spend this month by `total`, `user:<id>`, `feature:<name>`. */
  spend: (team: string, month: string) => `budget:spend:${team}:${month}`,
  /** Capped log of spend entries (JSON), newest first. */
  spendLog: (team: string, month: string) => `budget:spendlog:${team}:${month}`,
  /** Workspace settings (kv): budget, alert channel, thresholds. */
  settings: (team: string) => `settings:${team}`,
  /**
   * One-shot claim so each threshold notice goes out once a month. The limit is part of the key:
   * when an admin changes the budget, the thresholds of the new budget are armed again.
   */
  alertSent: (team: string, month: string, threshold: number, limit?: number) =>
    limit === undefined
      ? `budget:alert:${team}:${month}:${threshold}`
      : `budget:alert:${team}:${month}:${threshold}:${limit}`,
  /** Cached account balance from /accounts/credits/ (kv). */
  accountBalance: 'account:balance',
  /** Counter (milli-credits): reservations in flight against the account balance, all workspaces. */
  accountInFlight: 'account:inflight',
  /** Counter (milli-credits): what a long reservation (a batch) has already recorded as spent. */
  reservationRecorded: (id: string) => `budget:reservation:recorded:${id}`,
  /** One-shot claim: a reservation is settled once, whichever process gets there first. */
  reservationSettled: (id: string) => `budget:reservation:settled:${id}`,
} as const;

/** Keep month counters long enough for the Home tab's history, then let them go. */
export const MONTH_KEY_TTL_MS = 400 * 24 * 60 * 60 * 1000;
