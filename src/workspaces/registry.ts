import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { activeJobIds, batchKeys, DONE_JOB_TTL_MS, loadJob, retireJob, saveJob } from '../batch/jobs.ts';
import type { BudgetGuard } from '../budget/guard.ts';
import { workspaceKeys as recordKeys } from '../budget/keys.ts';
import type { Logger } from '../log.ts';
import { claimOnce } from '../store/claims.ts';
import type { Store } from '../store/types.ts';
import { purgeWorkspace } from './retention.ts';

/**
 * Which workspaces have Scout, and what happens when one leaves. In multi-workspace mode a workspace
 * is `installed` by the OAuth flow (its own install, or its org's org-wide install) and `uninstalled`
 * by Slack's `app_uninstalled` / `tokens_revoked` events. Uninstalling deletes the tokens at once
 * (the caller does, through the vault), stops following the workspace's batch jobs (settled to what
 * they had spent: the ledger keeps it) and starts the retention clock: the workspace's records are
 * deleted `retentionDays` later unless it installs Scout again before then.
 */

export const workspaceKeys = {
  workspace: recordKeys.registry,
  /** Set: workspaces uninstalled and waiting for the retention sweep. */
  uninstalled: 'workspace:uninstalled',
  /** Set: the workspaces an org-wide install has served (so an org uninstall reaches them all). */
  orgTeams: (enterprise: string) => `workspace:org-teams:${enterprise}`,
  /** Lease: one process sweeps at a time. */
  sweepLease: 'workspace:sweep',
} as const;

const workspaceRecord = z.object({
  team: z.string(),
  enterprise: z.string().nullable(),
  installedAt: z.number(),
  uninstalledAt: z.number().nullable(),
  /** Served by its org's org-wide install rather than its own. */
  viaOrg: z.boolean().default(false),
});
export type WorkspaceRecord = z.infer<typeof workspaceRecord>;

export const STOPPED_BY_UNINSTALL = 'Stopped: Scout was uninstalled from this workspace.';
const DAY_MS = 24 * 60 * 60 * 1000;
const JOB_LEASE_TTL_MS = 5 * 60 * 1000;
const SWEEP_EVERY_MS = 60 * 60 * 1000;

export interface WorkspacesOptions {
  store: Store;
  guard: BudgetGuard;
  log: Logger;
  clock: () => number;
  retentionDays: number;
}

export class Workspaces {
  readonly #o: WorkspacesOptions;
  readonly #orgTeamsSeen = new Set<string>();
  #timer: NodeJS.Timeout | undefined;
  #sweeping: Promise<unknown> = Promise.resolve();

  constructor(options: WorkspacesOptions) {
    this.#o = options;
  }

  async get(team: string): Promise<WorkspaceRecord | undefined> {
    const parsed = workspaceRecord.safeParse(await this.#o.store.kv.get(workspaceKeys.workspace(team)));
    return parsed.success ? parsed.data : undefined;
  }

  /** A workspace installed Scout (again): it is active, and a pending deletion is called off. */
  async installed(team: string, enterprise: string | null, viaOrg = false): Promise<void> {
    const previous = await this.get(team);
    await this.#o.store.kv.set(workspaceKeys.workspace(team), {
      team,
      enterprise,
      installedAt: this.#o.clock(),
      uninstalledAt: null,
      viaOrg,
    } satisfies WorkspaceRecord);
    await this.#o.store.atomic.removeFromSet(workspaceKeys.uninstalled, team);
    if (previous?.uninstalledAt != null)
      this.#o.log.info({ team }, 'workspace installed Scout again within retention: its records are kept');
  }

  /** A request from `team` was authorized by its org's org-wide install. */
  async servedByOrg(enterprise: string, team: string): Promise<void> {
    const key = `${enterprise}:${team}`;
    if (this.#orgTeamsSeen.has(key)) return;
    await this.#o.store.atomic.addToSet(workspaceKeys.orgTeams(enterprise), team);
    const record = await this.get(team);
    if (record === undefined || record.uninstalledAt !== null) await this.installed(team, enterprise, true);
    this.#orgTeamsSeen.add(key);
  }

  /**
   * The org whose org-wide install serves `team`, with every active workspace it serves (sorted),
   * or null when the workspace has its own install (or none).
   */
  async orgOf(team: string): Promise<{ enterprise: string; teams: string[] } | null> {
    const record = await this.get(team);
    if (!record?.viaOrg || record.enterprise === null || record.uninstalledAt !== null) return null;
    const teams: string[] = [];
    for (const member of await this.#o.store.atomic.setMembers(workspaceKeys.orgTeams(record.enterprise))) {
      const other = await this.get(member);
      if (other?.uninstalledAt === null) teams.push(member);
    }
    return { enterprise: record.enterprise, teams: teams.sort() };
  }

  /** An org-wide install (again): the org's workspaces it served before are active again. */
  async orgInstalled(enterprise: string): Promise<void> {
    for (const team of await this.#o.store.atomic.setMembers(workspaceKeys.orgTeams(enterprise))) {
      const record = await this.get(team);
      if (record?.viaOrg && record.uninstalledAt !== null) await this.installed(team, enterprise, true);
    }
  }

  /**
   * The workspace uninstalled Scout (or revoked its bot token): stop its batch jobs and start the
   * retention clock. Idempotent. Returns how many jobs were stopped.
   */
  async uninstalled(team: string, enterprise: string | null = null): Promise<number> {
    const now = this.#o.clock();
    const previous = await this.get(team);
    await this.#o.store.kv.set(workspaceKeys.workspace(team), {
      team,
      enterprise: previous?.enterprise ?? enterprise,
      installedAt: previous?.installedAt ?? now,
      uninstalledAt: previous?.uninstalledAt ?? now,
      viaOrg: previous?.viaOrg ?? false,
    } satisfies WorkspaceRecord);
    await this.#o.store.atomic.addToSet(workspaceKeys.uninstalled, team);
    const stopped = await this.stopJobs(team);
    this.#o.log.info({ team, stoppedJobs: stopped }, 'workspace uninstalled Scout');
    return stopped;
  }

  /** The org-wide install went away: every workspace it served is uninstalled. */
  async orgUninstalled(enterprise: string): Promise<string[]> {
    const teams = await this.#o.store.atomic.setMembers(workspaceKeys.orgTeams(enterprise));
    for (const seen of [...this.#orgTeamsSeen])
      if (seen.startsWith(`${enterprise}:`)) this.#orgTeamsSeen.delete(seen);
    for (const team of teams) {
      const record = await this.get(team);
      // A workspace with its own install keeps it.
      if (record !== undefined && record.uninstalledAt === null && !record.viaOrg) continue;
      await this.uninstalled(team, enterprise);
    }
    return teams;
  }

  /** Stop following the workspace's batch jobs: settled to what they spent, marked stopped. */
  private async stopJobs(team: string): Promise<number> {
    const { store, guard, log } = this.#o;
    let stopped = 0;
    for (const id of await activeJobIds(store)) {
      const first = await loadJob(store, id);
      if (first === undefined || first.team !== team) continue;
      // Take the job's poller lease so no poller reports on it meanwhile (wait for one mid-look).
      const owner = `uninstall:${randomUUID()}`;
      let held = false;
      for (let attempt = 0; attempt < 50 && !held; attempt++) {
        held = await store.atomic.acquireLease(batchKeys.lease(id), owner, JOB_LEASE_TTL_MS);
        if (!held) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      try {
        const job = (await loadJob(store, id)) ?? first;
        if (job.status !== 'finished' && job.status !== 'failed') {
          if (!job.report.settled && (await claimOnce(store, batchKeys.settleClaim(id), DONE_JOB_TTL_MS))) {
            await guard.settle(job.reservation, job.progress.creditsUsed, {
              user: job.user,
              feature: 'batch',
              operation: 'batch',
              summary: `${job.fileName}: stopped when Scout was uninstalled`,
            });
          }
          const now = this.#o.clock();
          await saveJob(store, {
            ...job,
            status: 'failed',
            updatedAt: now,
            finishedAt: now,
            progress: { ...job.progress, message: STOPPED_BY_UNINSTALL },
            report: { ...job.report, settled: true },
          });
          stopped++;
        }
        await retireJob(store, id);
      } catch (error) {
        log.error({ err: error, team, job: id }, 'could not stop a batch job of an uninstalled workspace');
      } finally {
        if (held) await store.atomic.releaseLease(batchKeys.lease(id), owner).catch(() => false);
      }
    }
    return stopped;
  }

  /** Delete the records of workspaces uninstalled more than `retentionDays` ago. Returns them. */
  async sweep(): Promise<string[]> {
    const { store, log, clock, retentionDays } = this.#o;
    const owner = randomUUID();
    if (!(await store.atomic.acquireLease(workspaceKeys.sweepLease, owner, 10 * 60 * 1000))) return [];
    const purged: string[] = [];
    try {
      for (const team of await store.atomic.setMembers(workspaceKeys.uninstalled)) {
        const record = await this.get(team);
        if (record !== undefined && record.uninstalledAt === null) {
          await store.atomic.removeFromSet(workspaceKeys.uninstalled, team);
          continue;
        }
        const since = record?.uninstalledAt ?? 0;
        if (clock() - since < retentionDays * DAY_MS) continue;
        await purgeWorkspace(store, team, clock());
        await store.kv.delete(workspaceKeys.workspace(team));
        await store.atomic.removeFromSet(workspaceKeys.uninstalled, team);
        purged.push(team);
        log.info({ team, retentionDays }, 'deleted the records of a workspace that uninstalled Scout');
      }
    } finally {
      await store.atomic.releaseLease(workspaceKeys.sweepLease, owner).catch(() => false);
    }
    return purged;
  }

  /** Sweep now and then every hour (every process; the lease lets one work at a time). */
  startSweeping(everyMs = SWEEP_EVERY_MS): void {
    if (this.#timer) return;
    const run = () => {
      this.#sweeping = this.sweep().catch((error: unknown) =>
        this.#o.log.error({ err: error }, 'retention sweep failed; will retry'),
      );
    };
    run();
    this.#timer = setInterval(run, everyMs);
    this.#timer.unref();
  }

  async stopSweeping(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#sweeping;
  }
}
