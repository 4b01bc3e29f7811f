import { z } from 'zod';
import type { ScoutDeps } from '../../src/feature.ts';
import { PLATFORM_NAMES, POSTS_PLATFORMS } from '../../src/ic/platforms.ts';
import { requesterOf } from '../../src/slack/respond.ts';
import { postMessageTs, slackErrorCode } from '../../src/slack/web.ts';
import { claimOnce } from '../../src/store/claims.ts';
import {
  CHECK_SIZES,
  type CheckResult,
  checkEstimate,
  peekCheck,
  readRecentPosts,
} from '../../src/vetting/brand-safety.ts';
import { findMatches, snippetAround } from '../../src/vetting/matcher.ts';
import { readSafetyLists, termGroups } from '../../src/vetting/safety-lists.ts';
import { brandSafetyChoice, brandSafetyReport, type ReportPost } from '../../views/brand-safety.ts';
import { describeFailure } from '../../views/errors.ts';
import { escapeMrkdwn } from '../../views/format.ts';
import type { ButtonArgs } from '../shortlist/common.ts';

/**
 * "Check brand safety": the estimate first (free), then the paid reading of recent posts under the
 * budget (src/vetting/brand-safety.ts), matched against the workspace's lists, reported in the
 * channel: a summary message with the matching posts in its thread.
 */

const targetSchema = z.object({
  platform: z.enum(POSTS_PLATFORMS),
  handle: z.string().trim().min(1).max(100),
  n: z.union([z.literal(5), z.literal(10), z.literal(20)]).optional(),
});

function parseTarget(value: string | undefined) {
  try {
    const parsed = targetSchema.safeParse(JSON.parse(value ?? ''));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

const subjectOf = (t: { platform: keyof typeof PLATFORM_NAMES; handle: string }) =>
  `@${t.handle} on ${PLATFORM_NAMES[t.platform]}`;

export function openCheck(deps: ScoutDeps) {
  return async ({ ack, body, action, respond }: ButtonArgs): Promise<void> => {
    await ack();
    const who = requesterOf(body);
    const target = parseTarget(action.value);
    if (!target) {
      await respond({
        response_type: 'ephemeral',
        replace_original: false,
        text: ':hourglass: This button is out of date.',
      });
      return;
    }
    const now = deps.clock();
    const sizes = await Promise.all(
      CHECK_SIZES.map(async (n) => ({
        n,
        estimate: checkEstimate(deps.guard.prices, n),
        cached: (await peekCheck(deps.store, target.platform, target.handle, n, now)) !== undefined,
      })),
    );
    const { remaining } = await deps.guard.status(who.team);
    const choice = brandSafetyChoice({
      subject: subjectOf(target),
      platform: target.platform,
      handle: target.handle,
      sizes,
      remaining,
    });
    await respond({
      response_type: 'ephemeral',
      replace_original: false,
      text: choice.text,
      blocks: choice.blocks,
    });
  };
}

async function buildReport(
  deps: ScoutDeps,
  team: string,
  user: string,
  subject: string,
  result: CheckResult,
) {
  const lists = await readSafetyLists(deps.store, team);
  const groups = termGroups(lists);
  const matching: ReportPost[] = [];
  for (const post of result.posts) {
    const texts = [post.caption, post.details];
    const matches = texts.flatMap((t) => findMatches(t, groups));
    if (matches.length === 0) continue;
    const first = texts.find((t) => findMatches(t, groups).length > 0) ?? post.caption;
    const at = findMatches(first, groups)[0]?.index ?? 0;
    matching.push({ post, matches, snippet: snippetAround(first, at) });
  }
  return brandSafetyReport({
    subject,
    checked: result.posts.length,
    matching,
    unreadable: result.posts.filter((p) => p.detailsFailed).length,
    requestedBy: user,
    cost: { spent: result.spent, fromCache: result.fromCache },
    listsEmpty: groups.every((g) => g.terms.length === 0),
    now: deps.clock(),
  });
}

/** How long a clicked estimate stays claimed (it is replaced by the progress line at once). */
const RUN_CLAIM_TTL_MS = 60 * 60 * 1000;

export function runCheck(deps: ScoutDeps) {
  return async ({ ack, body, action, respond, client }: ButtonArgs): Promise<void> => {
    await ack();
    const who = requesterOf(body);
    const target = parseTarget(action.value);
    if (!target?.n) return;
    // A second click on the same estimate (a double click, before the first replaced it) must not
    // post a second report: the first click claims the message the buttons sit on.
    const clicked = body.container?.message_ts;
    if (
      clicked &&
      !(await claimOnce(deps.store, `brandsafety:run:${who.team}:${who.user}:${clicked}`, RUN_CLAIM_TTL_MS))
    )
      return;
    const subject = subjectOf(target);
    await respond({
      response_type: 'ephemeral',
      replace_original: true,
      text: `:hourglass_flowing_sand: Reading ${target.n} recent posts of ${escapeMrkdwn(subject)}…`,
    });
    let result: CheckResult;
    try {
      result = await readRecentPosts(
        {
          ic: deps.ic,
          guard: deps.guard,
          store: deps.store,
          clock: deps.clock,
          ttlMs: deps.config.CACHE_TTL_LIST_HOURS * 3_600_000,
        },
        who,
        { platform: target.platform, handle: target.handle },
        target.n,
      );
    } catch (error) {
      const failure = describeFailure(error, `the brand-safety check of ${subject}`);
      deps.log.info({ err: error }, 'brand-safety check refused or failed');
      await respond({ response_type: 'ephemeral', replace_original: true, text: failure.text });
      return;
    }
    const report = await buildReport(deps, who.team, who.user, subject, result);
    const channel = body.channel?.id;
    try {
      if (!channel) throw new Error('no channel');
      const ts = await postMessageTs(client, {
        channel,
        text: report.summary.text,
        blocks: report.summary.blocks,
      });
      if (ts)
        await postMessageTs(client, {
          channel,
          thread_ts: ts,
          text: report.details.text,
          blocks: report.details.blocks,
          unfurl_links: false,
          unfurl_media: false,
        });
      await respond({
        response_type: 'ephemeral',
        replace_original: true,
        text: `:shield: Brand-safety report of ${escapeMrkdwn(subject)} posted in the channel (details in its thread).`,
      });
    } catch (error) {
      deps.log.info({ err: error, code: slackErrorCode(error) }, 'brand-safety report shown privately');
      const blocks = [...report.summary.blocks, ...report.details.blocks].slice(0, 50);
      await respond({
        response_type: 'ephemeral',
        replace_original: true,
        text: report.summary.text,
        blocks,
      });
    }
  };
}
