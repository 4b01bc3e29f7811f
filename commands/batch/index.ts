import type { App } from '@slack/bolt';
import { BatchFlow } from '../../src/batch/flow.ts';
import { BatchPoller, type BatchPollerOptions } from '../../src/batch/poller.ts';
import { fetchResultsIsolated } from '../../src/batch/results-isolated.ts';
import type { Feature, ScoutDeps } from '../../src/feature.ts';
import type { RetryOptions } from '../../src/ic/client.ts';
import { SlackBatchReporter } from '../../src/slack/batch-reporter.ts';
import type { EditQueueOptions } from '../../src/slack/edit-queue.ts';
import { reportingAsWorkspace } from '../../src/slack/oauth/workspace-scope.ts';
import { registerButtons } from './buttons.ts';
import { registerIntakeEvents } from './intake-events.ts';

/**
 * CSV batch enrichment. A teammate drops a CSV in a channel Scout is in → Scout reads it and replies
 * in the file's thread with what it found, the options, the estimate, Start and Cancel → Start
 * reserves the credits and creates the batch → the poller (src/batch/poller.ts) keeps one progress
 * message up to date and finally posts the results file and a summary in the same thread.
 *
 * The flow itself (src/batch/flow.ts, src/batch/follow.ts) knows nothing of Slack: this folder
 * turns events and clicks into its calls (intake-events.ts, buttons.ts) and gives it Slack
 * reporters (src/slack/batch-reporter.ts).
 */

interface BatchFeature extends Feature {
  /** The poller started for `app` (tests). */
  pollerOf(app: App): BatchPoller | undefined;
}

/**
 * The batch feature. `batch` below is the one Scout uses; tests running two Scouts in one process
 * give each its own instance (start/stop are per instance), and may tune the poller and the pace
 * of progress edits.
 */
export function createBatchFeature(
  options: {
    poller?: BatchPollerOptions;
    edits?: EditQueueOptions;
    /** The results step: in a worker thread (default) or on the main thread; its client's retries. */
    results?: { inWorker?: boolean; retry?: RetryOptions };
  } = {},
): BatchFeature {
  const pollers = new Map<App, BatchPoller>();

  return {
    name: 'batch',
    pollerOf: (app) => pollers.get(app),
    register(app, deps) {
      const flow = batchFlow(deps, (jobId) => pollers.get(app)?.wake(jobId));
      registerIntakeEvents(app, deps, flow);
      registerButtons(app, deps, flow);
    },

    start(app, deps) {
      if (pollers.has(app)) return;
      const poller = new BatchPoller(
        {
          store: deps.store,
          ic: deps.ic,
          guard: deps.guard,
          log: deps.log.child({ component: 'batch' }),
          clock: deps.clock,
          ...(options.results?.inWorker === false
            ? {}
            : {
                // The worker builds its own client: with the key of the account that created the batch.
                results: async (job, onFallback) =>
                  fetchResultsIsolated(
                    {
                      ic: {
                        baseUrl: deps.config.INFLUENCERS_CLUB_API_URL,
                        apiKey: await apiKeyOf(deps, job.team),
                        ...(options.results?.retry ? { retry: options.results.retry } : {}),
                      },
                    },
                    job,
                    onFallback,
                  ),
              }),
          reporter: reportingAsWorkspace(
            new SlackBatchReporter(app.client, deps.clock, { log: deps.log.child({ component: 'batch' }) }),
          ),
        },
        {
          ...(deps.config.BATCH_POLL_INTERVAL_MS === undefined
            ? {}
            : { intervalMs: deps.config.BATCH_POLL_INTERVAL_MS }),
          ...options.poller,
        },
      );
      pollers.set(app, poller);
      poller.start();
    },

    async stop() {
      const all = [...pollers.values()];
      pollers.clear();
      await Promise.all(all.map((poller) => poller.stop()));
    },
  };
}

export const batch: Feature = createBatchFeature();

/** The API key of the Influencers Club account a workspace spends (its own, else the operator's). */
async function apiKeyOf(deps: ScoutDeps, team: string): Promise<string> {
  const key = (await deps.workspaceApiKeys?.apiKeyFor(team)) ?? deps.config.INFLUENCERS_CLUB_API_KEY;
  if (!key) throw new Error(`no Influencers Club API key for workspace ${team}`);
  return key;
}

/** The batch flow on Scout's deps (drops, list shortcuts); `wake` tells the poller a job started. */
export function batchFlow(deps: ScoutDeps, wake: (jobId: string) => void): BatchFlow {
  return new BatchFlow({
    store: deps.store,
    ic: deps.ic,
    guard: deps.guard,
    log: deps.log,
    clock: deps.clock,
    wake,
  });
}
