import type { BatchIntent, BatchJob, ResultsSummary } from '../src/batch/jobs.ts';
import { type BatchPlatform, PLATFORM_NAMES } from '../src/ic/platforms.ts';
import {
  BATCH_ACTIONS,
  credits,
  creditsOf,
  fileLabel,
  MODE_NAMES,
  notificationName,
} from './batch-common.ts';
import { actions, button, context, type SlackBlock, type SlackMessage, section } from './blocks.ts';
import {
  bar,
  escapeMrkdwn,
  formatCount,
  formatInteger,
  mrkdwnLink,
  mrkdwnSnippet,
  plural,
  truncate,
} from './format.ts';

/**
 * What Scout says in a CSV's thread once the batch is started: the progress message (one, updated
 * in place), the pause notice, the failure and the final summary. Pure functions: the caller
 * passes data and `now`.
 */

/** `<!date^…>` shows a time in each reader's own time zone; the fallback is UTC. */
function slackTime(iso: string | null, now: number): string | null {
  if (iso === null) return null;
  const at = Date.parse(iso);
  if (!Number.isFinite(at)) return null;
  const seconds = Math.floor(at / 1000);
  const minutes = Math.max(0, Math.round((at - now) / 60_000));
  const fallback = `${new Date(at).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  const inText =
    minutes < 1
      ? 'in under a minute'
      : minutes < 120
        ? `in about ${minutes} min`
        : `in about ${Math.round(minutes / 60)} h`;
  return `<!date^${seconds}^{time}|${fallback}> (${inText})`;
}

function jobTitle(job: BatchJob): string {
  const what =
    job.kind === 'email'
      ? plural(job.rows, 'email')
      : `${plural(job.rows, 'handle')} on ${PLATFORM_NAMES[job.platform ?? 'instagram']}`;
  const audience = job.mode === 'full' && job.includeAudience ? ' with audience data' : '';
  return `${fileLabel(job.fileName)}: ${what} · ${MODE_NAMES[job.mode]}${audience}`;
}

const STATE_LINE: Record<BatchJob['status'], string> = {
  queued: ':hourglass_flowing_sand: Queued at Influencers Club',
  processing: ':hourglass_flowing_sand: Enriching',
  paused: ':double_vertical_bar: Paused: the Influencers Club account ran out of credits',
  finishing: ':inbox_tray: Done at Influencers Club; preparing the results file',
  finished: ':white_check_mark: Done',
  failed: ':x: Failed',
};

/** The progress message, updated in place on every change. */
export function progressMessage(job: BatchJob, now: number): SlackMessage {
  const p = job.progress;
  const total = p.total > 0 ? p.total : job.rows;
  const fraction = total > 0 ? Math.min(1, p.processed / total) : 0;
  const percent = Math.floor(fraction * 100);
  const counts = [
    `${formatInteger(p.processed)} of ${formatInteger(total)} processed`,
    `${formatInteger(p.found)} found`,
    `${formatInteger(p.failed)} failed`,
    `${creditsOf(p.creditsUsed)} so far`,
  ];
  const eta = job.status === 'processing' || job.status === 'queued' ? slackTime(p.eta, now) : null;
  if (eta) counts.push(`done around ${eta}`);
  const blocks: SlackBlock[] = [
    section(`${STATE_LINE[job.status]}: ${jobTitle(job)}`),
    section(`\`${bar(fraction, 20)}\` ${percent}%\n${counts.join(' · ')}`),
    context([
      `Started by <@${job.user}> · estimate ${creditsOf(job.estimate)}, reserved from this month’s budget · batch \`${escapeMrkdwn(job.batchId)}\``,
    ]),
  ];
  return {
    text: `${notificationName(job.fileName)}: ${percent}% (${formatInteger(p.processed)} of ${formatInteger(total)})`,
    blocks,
  };
}

/**
 * Posted once per pause, with Resume for admins. Once resumed it loses the button and says who
 * resumed it (`by: null`: resumed outside Slack, e.g. in the Influencers Club dashboard).
 */
export function pausedMessage(job: BatchJob, resumed: { by: string | null } | null): SlackMessage {
  const p = job.progress;
  const api = p.message ? ` Influencers Club says: _${mrkdwnSnippet(p.message, 300)}_` : '';
  const line = `:double_vertical_bar: ${fileLabel(job.fileName)} is paused after ${formatInteger(p.processed)} of ${formatInteger(p.total || job.rows)} rows: the Influencers Club account ran out of credits.${api}`;
  if (resumed !== null) {
    return {
      text: `${notificationName(job.fileName)}: resumed`,
      blocks: [
        section(line),
        context([
          resumed.by === null ? ':arrow_forward: Resumed.' : `:arrow_forward: Resumed by <@${resumed.by}>.`,
        ]),
      ],
    };
  }
  return {
    text: `${notificationName(job.fileName)} is paused: the Influencers Club account ran out of credits`,
    blocks: [
      section(
        `${line}\nTop up the Influencers Club plan, then a Scout admin can resume it. Nothing is lost meanwhile.`,
      ),
      actions([
        button({
          text: 'Resume',
          actionId: BATCH_ACTIONS.resume,
          value: `${job.id}|${job.pauses}`,
          style: 'primary',
        }),
      ]),
    ],
  };
}

/** The API said `failed` (or forgot the batch). */
export function failedMessage(job: BatchJob): SlackMessage {
  const p = job.progress;
  const reason = p.message ? `: _${mrkdwnSnippet(p.message, 500)}_` : '.';
  const charged =
    p.creditsUsed > 0
      ? `${creditsOf(p.creditsUsed)} were used for the ${formatInteger(p.found)} rows enriched before it stopped; the rest of the reservation went back to the budget.`
      : 'Nothing was charged.';
  const column = job.kind === 'email' ? '`email`' : '`handle`';
  return {
    text: `${notificationName(job.fileName)}: the batch failed`,
    blocks: [
      section(`:x: ${fileLabel(job.fileName)} failed at Influencers Club${reason}\n${charged}`),
      context([
        `What to try: check that the file has one creator per row under a ${column} header, without test or placeholder rows, then drop it again. If it fails again, send the batch id \`${escapeMrkdwn(job.batchId)}\` to whoever manages the Influencers Club plan.`,
      ]),
    ],
  };
}

/** The final summary, posted with the results file. */
export function resultsMessage(job: BatchJob, summary: ResultsSummary | null): SlackMessage {
  const p = job.progress;
  const used = `${creditsOf(p.creditsUsed)} used (estimate ${credits(job.estimate)})`;
  if (summary === null) {
    return {
      text: `${notificationName(job.fileName)}: done, but the results could not be downloaded`,
      blocks: [
        section(
          `:white_check_mark: ${fileLabel(job.fileName)} is enriched: ${formatInteger(p.found)} found · ${formatInteger(p.failed)} not found or failed · ${used}.`,
        ),
        section(
          `:warning: Scout couldn't download the results from Influencers Club. They are in the Influencers Club dashboard under batch \`${escapeMrkdwn(job.batchId)}\`.`,
        ),
      ],
    };
  }
  const blocks: SlackBlock[] = [
    section(
      `:white_check_mark: ${fileLabel(job.fileName)} is enriched: *${formatInteger(summary.found)} found* · ${formatInteger(summary.notFound)} not found${summary.failed > 0 ? ` · ${formatInteger(summary.failed)} failed` : ''} · ${used}.`,
    ),
  ];
  if (summary.top.length > 0) {
    const lines = summary.top.map((c, i) => {
      const label = c.name ?? (c.handle ? `@${c.handle}` : 'unnamed');
      const handle = c.handle && c.name ? ` @${escapeMrkdwn(c.handle)}` : '';
      const platform =
        c.platform && c.platform in PLATFORM_NAMES
          ? ` on ${PLATFORM_NAMES[c.platform as BatchPlatform]}`
          : '';
      return `${i + 1}. ${mrkdwnLink(c.url, truncate(label, 80))}${handle}${platform} · ${formatCount(c.followers)} followers`;
    });
    blocks.push(section(`*Top creators by followers*\n${lines.join('\n')}`));
  }
  blocks.push(
    context([
      `Results: *${mrkdwnSnippet(summary.fileName, 100)}* in this thread (${plural(summary.rows, 'row')}; spreadsheet formulas in creator text are neutralised).`,
    ]),
  );
  return {
    text: `${notificationName(job.fileName)}: ${formatInteger(summary.found)} found, ${formatInteger(summary.notFound)} not found, ${creditsOf(p.creditsUsed)} used`,
    blocks,
  };
}

/** Why Scout can no longer report in the job's channel, in the uploader's words. */
function goneLine(channel: string, reason: string): string {
  switch (reason) {
    case 'is_archived':
      return `<#${channel}> was archived`;
    case 'channel_not_found':
      return `<#${channel}> was deleted, or Scout can no longer see it`;
    default:
      return `Scout was removed from <#${channel}>`;
  }
}

/**
 * The DM that replaces the job's thread when its channel refused Scout for good (`reason` is
 * Slack's error code): why, what still happens, what to do; below it the progress, updated in place.
 */
export function channelGoneMessage(job: BatchJob, reason: string, now: number): SlackMessage {
  const why = goneLine(job.channel, reason);
  const progress = progressMessage(job, now);
  return {
    text: `${why}, so here are your results for ${notificationName(job.fileName)}`,
    blocks: [
      section(
        `:warning: ${why}, so here are your results for ${fileLabel(job.fileName)}. The batch keeps running at Influencers Club and only the credits it uses are counted, as usual: its progress shows below, and the results file and summary will arrive in this conversation. To get a future batch in a channel, invite Scout back there (\`/invite @Scout\`) and drop the file again.`,
      ),
      ...progress.blocks,
    ],
  };
}

/**
 * Scout stopped between sending a batch to Influencers Club and recording it (`intent`, see
 * src/batch/intents.ts): it cannot follow the batch, so it says so, in the file's thread.
 */
export function lostStartMessage(intent: BatchIntent): SlackMessage {
  const name = fileLabel(intent.fileName);
  return {
    text: `${notificationName(intent.fileName)}: Scout lost track of this batch while starting it`,
    blocks: [
      section(
        `:warning: <@${intent.user}> Scout stopped while starting the batch for ${name} and cannot tell whether Influencers Club received it, so it will not report on it here. The ${creditsOf(intent.reservation.estimate)} reserved for it are back in this month’s budget; if Influencers Club did receive it, its account is charged as the batch runs.`,
      ),
      context([
        `What to do: look in the Influencers Club dashboard for a batch of ${mrkdwnSnippet(intent.fileName, 80)} (metadata \`intent\` = \`${escapeMrkdwn(intent.key)}\`). If it is there, its results are there; if not, drop the file again to start a new batch.`,
      ]),
    ],
  };
}
