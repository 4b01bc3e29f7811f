import type { KnownBlock } from '@slack/types';
import type { IntakeProblem, ResolvedList, SkippedLine } from '../src/batch/intake.ts';
import type { BatchDraft, BatchJob, BatchMode, ResultsSummary } from '../src/batch/jobs.ts';
import {
  AUDIENCE_DATA_PLATFORMS,
  BATCH_PLATFORMS,
  type BatchPlatform,
  PLATFORM_NAMES,
} from '../src/ic/platforms.ts';
import { actions, button, context, type SlackBlock, type SlackMessage, section } from './blocks.ts';
import {
  bar,
  escapeMrkdwn,
  formatCount,
  formatCredits,
  formatInteger,
  LIMITS,
  mrkdwnLink,
  mrkdwnSnippet,
  plainText,
  plural,
  truncate,
} from './format.ts';

/**
 * Everything Scout says in a CSV's thread: the intake summary with its controls, refusals, the
 * progress message (one, updated in place), the pause notice, the failure and the final summary.
 * Pure functions: the caller passes data and `now`.
 */

export const BATCH_ACTIONS = {
  mode: 'batch_mode',
  platform: 'batch_platform',
  audience: 'batch_audience',
  start: 'batch_start',
  cancel: 'batch_cancel',
  resume: 'batch_resume',
} as const;

/** block_id carrying the draft id, so every control (even an emptied select) says which file it is for. */
export const OPTIONS_BLOCK = 'batch_options';
export const DECIDE_BLOCK = 'batch_decide';

export function draftIdFromBlock(blockId: string | undefined): string | null {
  const m = /^batch_(?:options|decide)\|([A-Za-z0-9_-]{1,64})$/.exec(blockId ?? '');
  return m ? m[1]! : null;
}

const MODE_NAMES: Record<BatchMode, string> = {
  raw: 'Raw profile data',
  full: 'Full enrichment',
  basic: 'Basic email lookup',
  advanced: 'Advanced email lookup',
};

export function modeName(mode: BatchMode): string {
  return MODE_NAMES[mode];
}

/** Credits with thousands separators: 1180 → "1,180", 35.4 → "35.4". */
function credits(value: number): string {
  const [whole = '0', decimals] = formatCredits(value).split('.');
  return `${formatInteger(Number(whole))}${decimals ? `.${decimals}` : ''}`;
}

/** "1 credit", "1,180 credits". */
function creditsOf(value: number): string {
  return `${credits(value)} ${value === 1 ? 'credit' : 'credits'}`;
}

const fileLabel = (name: string) => `*${mrkdwnSnippet(name, 120)}*`;
/** A file name in a message's `text` (the notification): escaped too, so `<!channel>.csv` pings nobody. */
const notificationName = (name: string) => mrkdwnSnippet(name, 80);
const noun = (kind: 'handle' | 'email', n: number) =>
  kind === 'email' ? plural(n, 'unique email') : plural(n, 'unique handle');

function sampleText(sample: SkippedLine): string {
  if (sample.text === '' && sample.reason !== 'empty') {
    return `line ${formatInteger(sample.line)} (${escapeMrkdwn(truncate(sample.reason, 80))})`;
  }
  const shown = sample.text === '' ? '(empty)' : `\`${mrkdwnSnippet(sample.text, 60)}\``;
  const plainReason = sample.reason === 'not a handle' || sample.reason === 'empty' || sample.text === '';
  return `line ${formatInteger(sample.line)} ${shown}${plainReason ? '' : ` (${escapeMrkdwn(truncate(sample.reason, 80))})`}`;
}

/** "1,204 rows → 1,180 unique handles; 20 duplicates and 4 invalid rows skipped: line 17 `x`, …" */
export function intakeSummaryText(
  read: Pick<BatchDraft, 'kind' | 'rows'>,
  list: Pick<ResolvedList, 'values' | 'duplicates' | 'skipped' | 'samples'>,
): string {
  const head = `${plural(read.rows, 'row')} → ${noun(read.kind, list.values.length)}`;
  const parts: string[] = [];
  if (list.duplicates > 0) parts.push(plural(list.duplicates, 'duplicate'));
  if (list.skipped > 0) parts.push(plural(list.skipped, 'invalid row'));
  if (parts.length === 0) return head;
  const samples = list.samples.map(sampleText);
  const more = list.skipped > samples.length ? ', …' : '';
  return `${head}; ${parts.join(' and ')} skipped${samples.length > 0 ? `: ${samples.join(', ')}${more}` : ''}`;
}

export interface DraftView {
  draft: BatchDraft;
  /** The list for the draft's current options (resolveList). */
  list: ResolvedList;
  /** Credits per row for each mode (price table). */
  prices: Record<BatchMode, number>;
  estimate: number;
  /** This month's budget left, when known. */
  budget: { remaining: number; limit: number } | null;
  maxRows: number;
}

function option(text: string, value: string) {
  return {
    text: { type: 'plain_text' as const, text: plainText(text, LIMITS.optionText), emoji: true },
    value,
  };
}

function select(
  actionId: string,
  placeholder: string,
  options: ReturnType<typeof option>[],
  selected: string,
) {
  const initial = options.find((o) => o.value === selected);
  return {
    type: 'static_select',
    action_id: actionId,
    placeholder: { type: 'plain_text', text: plainText(placeholder, LIMITS.optionText) },
    options: options.slice(0, LIMITS.options),
    ...(initial ? { initial_option: initial } : {}),
  };
}

/** The controls' option values: `<draft id>|<choice>` (short: option values are capped). */
export function optionValue(draftId: string, choice: string): string {
  return `${draftId}|${choice}`;
}

export function choiceOf(value: string | undefined): string | null {
  const i = value?.lastIndexOf('|') ?? -1;
  return value !== undefined && i >= 0 ? value.slice(i + 1) : null;
}

function guessNote(draft: BatchDraft): string {
  const { from, platform } = draft.platformGuess;
  if (draft.kind === 'email' || draft.options.platform !== platform) return '';
  switch (from) {
    case 'links':
      return ` (guessed from the profile links)`;
    case 'header':
      return ` (from the column name)`;
    case 'file name':
      return ` (from the file name)`;
    case 'default':
      return ' (change it if these are not Instagram handles)';
  }
}

/** The intake reply: what was read, the options, the estimate, Start and Cancel. */
export function draftMessage(view: DraftView): SlackMessage {
  const { draft, list, prices, estimate, budget } = view;
  const { id, kind, options } = draft;
  const blocks: SlackBlock[] = [];
  blocks.push(section(`:page_facing_up: ${fileLabel(draft.fileName)}: ${intakeSummaryText(draft, list)}`));
  const others = Object.entries(list.otherPlatforms).filter(([, n]) => (n ?? 0) > 0);
  if (kind === 'handle' && others.length > 0) {
    const named = others
      .map(([p, n]) => `${formatInteger(n ?? 0)} ${PLATFORM_NAMES[p as BatchPlatform]}`)
      .join(', ');
    blocks.push(
      context([
        `:information_source: Links to other platforms were skipped (${named}): a batch covers one platform. Upload them as a file of their own.`,
      ]),
    );
  }
  const column = draft.column === null ? 'the only column' : `column \`${mrkdwnSnippet(draft.column, 60)}\``;
  blocks.push(
    context([
      `Read ${column} as ${kind === 'email' ? 'email addresses' : `${PLATFORM_NAMES[options.platform]} handles${guessNote(draft)}`} · dropped by <@${draft.uploader}>`,
    ]),
  );

  const modeOptions = (kind === 'email' ? (['basic', 'advanced'] as const) : (['raw', 'full'] as const)).map(
    (m) => option(`${MODE_NAMES[m]}: ${creditsOf(prices[m])} each`, optionValue(id, m)),
  );
  const controls: unknown[] = [
    select(BATCH_ACTIONS.mode, 'Enrichment', modeOptions, optionValue(id, options.mode)),
  ];
  if (kind === 'handle') {
    const platformOptions = BATCH_PLATFORMS.map((p) => option(PLATFORM_NAMES[p], optionValue(id, p)));
    controls.push(
      select(BATCH_ACTIONS.platform, 'Platform', platformOptions, optionValue(id, options.platform)),
    );
    if (
      options.mode === 'full' &&
      (AUDIENCE_DATA_PLATFORMS as readonly string[]).includes(options.platform)
    ) {
      const audienceOptions = [
        option('Without audience data', optionValue(id, 'no')),
        option('With audience data (same price)', optionValue(id, 'yes')),
      ];
      controls.push(
        select(
          BATCH_ACTIONS.audience,
          'Audience data',
          audienceOptions,
          optionValue(id, options.includeAudience ? 'yes' : 'no'),
        ),
      );
    }
  }
  blocks.push({ type: 'actions', block_id: `${OPTIONS_BLOCK}|${id}`, elements: controls } as KnownBlock);

  const count = list.values.length;
  const tooMany = count > view.maxRows;
  const overBudget = budget !== null && estimate > budget.remaining;
  const costLines = [
    `Estimated cost: *${creditsOf(estimate)}* (${formatInteger(count)} × ${credits(prices[options.mode])}). Rows with no data are free, so it can only come out lower.`,
  ];
  if (budget !== null) {
    costLines.push(
      `This workspace has ${credits(budget.remaining)} of ${credits(budget.limit)} credits left this month.`,
    );
  }
  if (tooMany) {
    costLines.push(
      `:warning: A batch takes at most ${formatInteger(view.maxRows)} rows. Split the file and drop the parts one by one.`,
    );
  } else if (overBudget) {
    costLines.push(':warning: That is more than the budget left; an admin can raise it in Scout’s Home tab.');
  }
  blocks.push(section(costLines.join('\n')));
  if (count > 0 && !tooMany) {
    blocks.push(
      actions(
        [
          button({
            text: `Start (${creditsOf(estimate)})`,
            actionId: BATCH_ACTIONS.start,
            value: id,
            style: 'primary',
            confirm: {
              title: 'Start the batch?',
              text: `Enrich ${noun(kind, count)} with ${MODE_NAMES[options.mode]}: about ${creditsOf(estimate)}.`,
              confirm: 'Start',
              deny: 'Not yet',
            },
          }),
          button({ text: 'Cancel', actionId: BATCH_ACTIONS.cancel, value: id }),
        ],
        `${DECIDE_BLOCK}|${id}`,
      ),
    );
  } else {
    blocks.push(
      actions(
        [button({ text: 'Cancel', actionId: BATCH_ACTIONS.cancel, value: id })],
        `${DECIDE_BLOCK}|${id}`,
      ),
    );
  }
  blocks.push(context([`Only <@${draft.uploader}> or a Scout admin can start or cancel this batch.`]));
  return {
    text: `${notificationName(draft.fileName)}: ${plural(count, kind)} ready to enrich, about ${creditsOf(estimate)}`,
    blocks,
  };
}

/** The intake reply once the draft is closed without a batch. */
export function draftClosedMessage(
  draft: BatchDraft,
  list: ResolvedList,
  how: 'cancelled' | 'failed',
  note?: string,
): SlackMessage {
  const who = draft.closedBy ? ` by <@${draft.closedBy}>` : '';
  const line =
    how === 'cancelled'
      ? `:no_entry_sign: Cancelled${who}. Nothing was charged.`
      : `:warning: Not started${who}.${note ? ` ${note}` : ''}`;
  return {
    text: `${notificationName(draft.fileName)}: ${how === 'cancelled' ? 'cancelled' : 'not started'}`,
    blocks: [
      section(`:page_facing_up: ${fileLabel(draft.fileName)}: ${intakeSummaryText(draft, list)}`),
      section(line),
    ],
  };
}

const EXAMPLE = '```handle\nnike\n@maya.moves\nhttps://www.tiktok.com/@khaby.lame```';

/** One friendly reply for a file Scout cannot use. */
export function intakeProblemMessage(problem: IntakeProblem, fileName: string): SlackMessage {
  const file = fileLabel(fileName);
  let text: string;
  switch (problem.code) {
    case 'too_large':
      text = `${file} is ${formatCount(problem.bytes / (1024 * 1024))} MB; Scout reads CSV files up to 10 MB. Split it and drop the parts one by one.`;
      break;
    case 'spreadsheet':
      text = `${file} looks like a spreadsheet (${escapeMrkdwn(problem.filetype)}). Scout reads CSV files: in your spreadsheet app use *File → Download / Save as → CSV*, then drop that file here.`;
      break;
    case 'binary':
      text = `${file} is named like a CSV but is not readable text. Export the list again as CSV (UTF-8) and drop it here.`;
      break;
    case 'html':
      text = `${file} holds a web page, not a CSV. Export the list again as CSV and drop it here.`;
      break;
    case 'empty':
      text = `${file} is empty. Put one creator per row under a \`handle\` (or \`email\`) header, for example:\n${EXAMPLE}`;
      break;
    case 'header_only':
      text = `${file} has a header${problem.column ? ` (\`${mrkdwnSnippet(problem.column, 40)}\`)` : ''} but no rows under it. Add one creator per row, for example:\n${EXAMPLE}`;
      break;
    case 'no_column': {
      const seen = problem.header.filter((h) => h.trim() !== '').slice(0, 6);
      const list = seen.map((h) => `\`${mrkdwnSnippet(h, 30)}\``).join(', ');
      text = `Scout couldn't tell which column of ${file} holds the creators${list ? ` (it has ${list})` : ''}. Name that column \`handle\`, \`username\`, \`url\` or \`email\`, or drop a file with just that one column.`;
      break;
    }
    case 'no_valid_rows': {
      const samples = problem.samples.map(sampleText).join(', ');
      text = `None of the ${plural(problem.rows, 'row')} in ${file} is a handle, profile link or email${samples ? ` (${samples})` : ''}. One creator per row works, for example:\n${EXAMPLE}`;
      break;
    }
    case 'too_many':
      text = `${file} has ${plural(problem.rows, 'row')} and ${problem.distinct === null ? 'more than ' : ''}${formatInteger(problem.distinct ?? 10_000)} different creators; a batch takes at most 10,000. Split it and drop the parts one by one.`;
      break;
    case 'download_failed':
      text =
        problem.reason === 'sign_in_page'
          ? `Slack didn't let Scout download ${file} (it answered with its sign-in page). An admin should check that Scout has the \`files:read\` permission, then drop the file again.`
          : problem.reason === 'untrusted_host'
            ? `Scout only downloads files from Slack itself, and ${file} points somewhere else. Upload the file to Slack directly.`
            : `Scout couldn't download ${file} from Slack just now. Drop it again in a minute.`;
      break;
  }
  return {
    text: plainText(text.replace(/[*`]/g, ''), LIMITS.fallbackText),
    blocks: [section(`:warning: ${text}`)],
  };
}

/** A refusal or failure at Start (describeFailure's text), posted in the thread. */
export function startFailureMessage(failureText: string): SlackMessage {
  return {
    text: plainText(failureText.replace(/[*`_]/g, ''), LIMITS.fallbackText),
    blocks: [section(failureText)],
  };
}

// -----------------------------------------------------------------------------------------------
// The job

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
