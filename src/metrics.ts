import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/**
 * Scout's Prometheus metrics (served at GET /metrics). One registry per Scout instance, so the tests
 * (several Scouts in one process) never share counters. Names follow Prometheus conventions:
 * `_total` counters, `_seconds` histograms, base units.
 */
export class Metrics {
  readonly registry = new Registry();

  /** Slash commands, buttons, modals, options and events by what they are and how they ended. */
  readonly requests = new Counter({
    name: 'scout_slack_requests_total',
    help: 'Slack requests handled, by kind (command, action, view, options, event), name and outcome (ok, error).',
    labelNames: ['kind', 'name', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly upstreamCalls = new Counter({
    name: 'scout_upstream_calls_total',
    help: 'Influencers Club API requests, each attempt counted (retries too, as the rate limit counts them), by endpoint (the client operation) and HTTP status (or network, timeout).',
    labelNames: ['endpoint', 'status'] as const,
    registers: [this.registry],
  });

  readonly upstreamLatency = new Histogram({
    name: 'scout_upstream_call_duration_seconds',
    help: 'Influencers Club API call latency by endpoint, retries included.',
    labelNames: ['endpoint'] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30],
    registers: [this.registry],
  });

  readonly creditsSpent = new Counter({
    name: 'scout_credits_spent_total',
    help: "Credits settled (the API's real credits_cost) by workspace and feature.",
    labelNames: ['team', 'feature'] as const,
    registers: [this.registry],
  });

  readonly creditsReserved = new Gauge({
    name: 'scout_credits_reserved',
    help: 'Credits reserved and not yet settled, by workspace.',
    labelNames: ['team'] as const,
    registers: [this.registry],
  });

  readonly batchJobs = new Gauge({
    name: 'scout_batch_jobs',
    help: 'Batch jobs known to this process by state.',
    labelNames: ['state'] as const,
    registers: [this.registry],
  });

  readonly pollerLag = new Histogram({
    name: 'scout_batch_poller_lag_seconds',
    help: 'How late a batch job was polled compared with when it was due.',
    buckets: [0.1, 0.5, 1, 5, 15, 30, 60, 120, 300],
    registers: [this.registry],
  });

  readonly slackApiErrors = new Counter({
    name: 'scout_slack_api_errors_total',
    help: "Slack Web API calls that failed, by method and error (Slack's error code or http_<status>).",
    labelNames: ['method', 'error'] as const,
    registers: [this.registry],
  });

  constructor(options: { defaultMetrics?: boolean } = {}) {
    if (options.defaultMetrics !== false)
      collectDefaultMetrics({ register: this.registry, prefix: 'scout_' });
  }

  /** The text exposition format for a scrape. */
  scrape(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
