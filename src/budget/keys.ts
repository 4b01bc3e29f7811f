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

/**
 * Every other per-workspace record's key, built here beside the budget keys: one place to see what
 * Scout keeps about a workspace (README "Data") and for the retention sweep to find it
 * (src/workspaces/retention.ts). A record kept per workspace gets its key here, never inline.
 */
export const workspaceKeys = {
  /** kv: Scout's registry entry (installed, uninstalled at, org). */
  registry: (team: string) => `workspace:${team}`,
  /** kv: the workspace's own Influencers Club key, encrypted. */
  apiKey: (team: string) => `workspace:apikey:${team}`,
  /** Capped log: the Home tab's latest batch jobs. */
  recentJobs: (team: string) => `batch:recent:${team}`,
  /** kv (a day): the workspace's URL, for links to job threads. */
  workspaceUrl: (team: string) => `home:workspace-url:${team}`,
  /** kv (minutes): whether a user is a Slack admin or owner. */
  slackAdmin: (team: string, user: string) => `admins:slack:${team}:${user}`,
  /** kv: link unfurl spend mode and daily cap. */
  unfurlSettings: (team: string) => `unfurl:settings:${team}`,
  /** Counter (a UTC day): paid unfurl lookups. */
  unfurlDaily: (team: string, day: string) => `unfurl:daily:${team}:${day}`,
  /** kv: digest channels and time zone. */
  digestSettings: (team: string) => `digest:settings:${team}`,
  /** kv (a day): the time zone team.info gave. */
  digestTimeZone: (team: string) => `digest:tz:${team}`,
  /** Claim and lease (weeks): one digest per channel and week. */
  digestSent: (team: string, channel: string, week: string) => `digest:sent:${team}:${channel}:${week}`,
  digestLease: (team: string, channel: string, week: string) => `digest:lease:${team}:${channel}:${week}`,
  /** kv: brand-safety lists (blocked topics, competitors, custom words). */
  safetyLists: (team: string) => `brandsafety:${team}:lists`,
  /** kv (cache TTL): who looked a creator up and when ("looked up by @ana"). */
  lookedUp: (team: string, cacheKey: string) => `lookedup:${team}:${cacheKey}`,
  /** kv: the workspace's shortlist ids, and each shortlist. */
  shortlistIndex: (team: string) => `shortlists:${team}:index`,
  shortlist: (team: string, id: string) => `shortlists:${team}:list:${id}`,
  /** kv: the local copy of the exclusion list per platform, what waits to sync, the upstream list id. */
  exclusionCopy: (team: string, platform: string) => `exclusions:${team}:copy:${platform}`,
  exclusionPending: (team: string) => `exclusions:${team}:pending`,
  exclusionListId: (team: string, platform: string) => `exclusions:${team}:list-id:${platform}`,
  /** Lease: one exclusion sync per workspace at a time. */
  exclusionSync: (team: string) => `exclusions:sync:${team}`,
  /** Lease: one export of a saved search at a time. */
  discoverExport: (team: string, searchId: string, count: number) =>
    `discover:export:${team}:${searchId}:${count}`,
} as const;
