import type { DigestData } from '../src/digest/report.ts';
import { context, header, type SlackBlock, type SlackMessage, section } from './blocks.ts';
import { escapeMrkdwn, fallbackText, formatCredits, joinLinesWithin, plural } from './format.ts';
import { featureName, userMention } from './home.ts';

/** The weekly digest message (one per opted-in channel, Mondays at 9:00 local). Pure. */

export interface DigestInput {
  data: DigestData;
  zone: string;
  zoneSource: 'setting' | 'slack' | 'fallback';
}

function day(at: number, zone: string): string {
  return new Date(at).toLocaleDateString('en-GB', {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    timeZone: zone,
  });
}

function ranked(values: Record<string, number>, label: (key: string) => string): string[] {
  return Object.entries(values)
    .sort(([, a], [, b]) => b - a)
    .map(([key, credits]) => `• ${label(key)}: ${formatCredits(credits)}`);
}

export function digestMessage(input: DigestInput): SlackMessage {
  const { data, zone } = input;
  const period = `${day(data.from, zone)} – ${day(data.to - 1, zone)}`;
  const blocks: SlackBlock[] = [
    header('Scout: last week'),
    section(`*${escapeMrkdwn(period)}* · sent Mondays at 9:00 ${escapeMrkdwn(zone)}`),
  ];
  if (input.zoneSource === 'fallback') {
    blocks.push(
      context([
        'Times are in UTC: Slack gives no time zone for this workspace. An admin can set one in Scout’s Home tab (Weekly digest).',
      ]),
    );
  }
  if (data.total === 0 && data.lookups === 0) {
    blocks.push(section('*Spend*: nothing was spent last week.'));
  } else {
    blocks.push(
      section(`*Spend*: ${formatCredits(data.total)} credits on ${plural(data.lookups, 'paid call')}`),
      section(`*By feature*\n${joinLinesWithin(ranked(data.byFeature, featureName), 2900)}`),
      section(`*By person*\n${joinLinesWithin(ranked(data.byUser, userMention), 2900)}`),
    );
  }
  const jobs = data.jobs.map(
    (j) =>
      `• ${escapeMrkdwn(j.fileName)}: ${plural(j.rows, 'row')}, ${formatCredits(j.creditsUsed)} credits (${escapeMrkdwn(j.status)})`,
  );
  blocks.push(section(`*Batch jobs finished*\n${jobs.length ? joinLinesWithin(jobs, 2900) : 'None.'}`));
  const adds = data.shortlists.filter((e) => e.status === 'new');
  const moves = data.shortlists.filter((e) => e.status !== 'new');
  const line = (e: DigestData['shortlists'][number], what: string) =>
    `• @${escapeMrkdwn(e.creator)} (${escapeMrkdwn(e.platform)}) ${what} in _${escapeMrkdwn(e.list)}_ by ${userMention(e.by)}`;
  blocks.push(
    section(
      `*Shortlists*\n${
        data.shortlists.length === 0
          ? 'No creators added and no status changes.'
          : joinLinesWithin(
              [
                ...adds.map((e) => line(e, 'added')),
                ...moves.map((e) => line(e, `moved to *${escapeMrkdwn(e.status)}*`)),
              ],
              2900,
            )
      }`,
    ),
  );
  const text = `Scout last week (${period}): ${formatCredits(data.total)} credits spent, ${plural(data.jobs.length, 'batch job')} finished, ${plural(adds.length, 'creator')} shortlisted.`;
  return { text: fallbackText(text), blocks };
}
