import type { KnownBlock } from '@slack/types';
import type { FlowNotice } from '../src/batch/flow.ts';
import type { IntakeProblem, SkippedLine } from '../src/batch/intake.ts';
import type { ResolvedList } from '../src/batch/intake-list.ts';
import type { BatchDraft } from '../src/batch/jobs.ts';
import type { DraftView } from '../src/batch/reporter.ts';
import {
  AUDIENCE_DATA_PLATFORMS,
  BATCH_PLATFORMS,
  type BatchPlatform,
  PLATFORM_NAMES,
} from '../src/ic/platforms.ts';
import {
  BATCH_ACTIONS,
  credits,
  creditsOf,
  DECIDE_BLOCK,
  fileLabel,
  MODE_NAMES,
  notificationName,
  noun,
  OPTIONS_BLOCK,
} from './batch-common.ts';
import { actions, button, context, type SlackBlock, type SlackMessage, section } from './blocks.ts';
import { describeFailure } from './errors.ts';
import {
  escapeMrkdwn,
  formatCount,
  formatInteger,
  LIMITS,
  mrkdwnSnippet,
  plainText,
  plural,
  truncate,
} from './format.ts';

/**
 * Everything Scout says in a CSV's thread before the batch starts: the intake summary with its
 * controls, refusals, and what Start says when it does not go through. The job's messages are in
 * views/batch-job.ts. Pure functions: the caller passes data.
 */

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
function optionValue(draftId: string, choice: string): string {
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

/** The summary while Start is under way: no controls, and who clicked. */
export function draftStartingMessage(view: DraftView, user: string): SlackMessage {
  return {
    text: `${view.draft.fileName}: starting`,
    blocks: [
      ...draftMessage(view).blocks.filter((b) => b.type !== 'actions'),
      context([`:hourglass_flowing_sand: Starting (by <@${user}>)…`]),
    ],
  };
}

/** Reading a dropped file failed for a reason of Scout's own (logged). */
export function intakeFailedMessage(fileName: string): SlackMessage {
  return {
    text: 'Scout could not read this file',
    blocks: [
      section(
        `:warning: Something went wrong while Scout read ${fileName.replace(/[<>&*_`~]/g, '')}. It has been logged; drop the file again in a minute. Nothing was charged.`,
      ),
    ],
  };
}

/** A refusal or failure at Start (describeFailure's text), posted in the thread. */
export function startFailureMessage(failureText: string): SlackMessage {
  return {
    text: plainText(failureText.replace(/[*`_]/g, ''), LIMITS.fallbackText),
    blocks: [section(failureText)],
  };
}

/** What the clicker alone is told (an ephemeral reply): `admins` are the configured admin ids. */
export function flowNoticeText(notice: FlowNotice, admins: readonly string[]): string {
  switch (notice.kind) {
    case 'not_allowed':
      return `Only <@${notice.uploader}> or a Scout admin can ${notice.action} this batch.`;
    case 'expired':
      return 'This file’s summary has expired. Drop the CSV again to start a batch.';
    case 'already_starting':
      return 'This batch is already starting.';
    case 'already_started':
      return 'This batch has already been started; its progress is in the thread.';
    case 'was_cancelled':
      return 'This batch was cancelled. Drop the CSV again to start over.';
    case 'nothing_to_start':
      return 'There is nothing to start in this file.';
    case 'cannot_cancel_starting':
      return 'This batch is starting; it can no longer be cancelled.';
    case 'already_closed':
      return 'This batch was already started or cancelled.';
    case 'unknown_job':
      return 'Scout no longer knows this batch.';
    case 'resume_needs_admin': {
      const ask = admins.map((id) => `<@${id}>`).join(', ');
      return `Only a Scout admin can resume a batch (it spends credits)${ask ? `: ask ${ask}` : ''}.`;
    }
    case 'not_paused':
      return 'This batch is not paused any more.';
    case 'resume_failed':
      return describeFailure(notice.error, 'resuming the batch').text;
  }
}
