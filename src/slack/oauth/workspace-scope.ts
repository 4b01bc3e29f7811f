import { AsyncLocalStorage } from 'node:async_hooks';
import type { BatchReporter } from '../../batch/reporter.ts';

/**
 * Web API calls made outside a request (batch reports, budget notices) have no listener client
 * bound to a workspace's token. In multi-workspace mode they go through the app's token-less
 * client inside `runAsWorkspace(team, …)`; `authorizingFetch` then adds that workspace's bot token
 * (refreshed first if it expires soon). A call that already carries a token is left alone.
 */

const scope = new AsyncLocalStorage<string>();

/** Runs `work` with Web API calls of the app's client made for `team`. */
export function runAsWorkspace<T>(team: string, work: () => Promise<T>): Promise<T> {
  return scope.run(team, work);
}

export function authorizingFetch(
  base: typeof fetch,
  tokenFor: (team: string) => Promise<string>,
): typeof fetch {
  return async (input, init) => {
    const team = scope.getStore();
    const headers = new Headers(init?.headers);
    if (team === undefined || headers.has('authorization')) return base(input, init);
    headers.set('authorization', `Bearer ${await tokenFor(team)}`);
    return base(input, { ...init, headers });
  };
}

/** A batch reporter whose every report goes out as the job's workspace. */
export function reportingAsWorkspace(reporter: BatchReporter): BatchReporter {
  return {
    progress: (job) => runAsWorkspace(job.team, () => reporter.progress(job)),
    paused: (job) => runAsWorkspace(job.team, () => reporter.paused(job)),
    resumed: (job, ref, by) => runAsWorkspace(job.team, () => reporter.resumed(job, ref, by)),
    failed: (job) => runAsWorkspace(job.team, () => reporter.failed(job)),
    resultsFile: (job, file) => runAsWorkspace(job.team, () => reporter.resultsFile(job, file)),
    finished: (job, results) => runAsWorkspace(job.team, () => reporter.finished(job, results)),
  };
}
