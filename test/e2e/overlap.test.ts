import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { overlap } from '../../commands/overlap.ts';
import { share } from '../../commands/share.ts';
import { findCreator } from '../../mock-api/creators.ts';
import { overlapResult } from '../../mock-api/overlap.ts';
import { FIXTURE_CREATORS, type MockApi } from '../../mock-api/server.ts';
import { bar } from '../../views/format.ts';
import { expectValidBlockKit } from '../support/block-kit.ts';
import { type Harness, startHarness } from '../support/harness.ts';
import { visibleText } from '../support/message-text.ts';

const OVERLAP_PATH = '/public/v1/creators/audience/overlap/';
const HOUR = 3_600_000;

interface Block {
  type: string;
  text?: { text: string };
  fields?: { text: string }[];
  elements?: { action_id?: string; text?: unknown }[];
}

function blocksOf(body: Record<string, unknown>): Block[] {
  return (body.blocks ?? []) as Block[];
}

/** The per-creator lines, in the order shown. */
function creatorLines(body: Record<string, unknown>): string[] {
  return blocksOf(body)
    .filter((b) => b.type === 'section' && /^\d+\. /.test(b.text?.text ?? ''))
    .map((b) => b.text?.text ?? '');
}

function overlapBodies(api: MockApi): Record<string, unknown>[] {
  return api.requests.filter((r) => r.path === OVERLAP_PATH).map((r) => r.body as Record<string, unknown>);
}

/** What the double answers for this group, as fractions: the numbers the user must see. */
function expectedShares(platform: 'instagram' | 'tiktok' | 'youtube', handles: string[]) {
  const result = overlapResult(
    platform,
    handles.map((h) => findCreator(platform, h)),
  );
  const scale = platform === 'instagram' ? 1 : 100;
  return result.details
    .map((d) => ({
      handle: d.username,
      unique: d.unique_percentage / scale,
      overlapping: d.overlapping_percentage / scale,
    }))
    .sort((a, b) => b.unique - a.unique);
}

function pct(fraction: number): string {
  return `${(fraction * 100).toFixed(1).replace(/\.0$/, '')}%`;
}

describe('/overlap end to end', () => {
  let h: Harness;
  let now = Date.now();
  beforeAll(async () => {
    // fault_slow answers after slowMs: long enough for two identical requests to overlap.
    h = await startHarness({ features: [share, overlap], clock: () => now, mockApi: { slowMs: 300 } });
  });
  afterAll(async () => {
    await h.stop();
  });

  it.each([[''], ['help']])('answers %j with usage and examples, spending nothing', async (text) => {
    const before = h.api.requests.length;
    const { ack } = await h.command('/overlap', text);
    const body = ack.json as Record<string, unknown>;
    expect(body.response_type).toBe('ephemeral');
    expect(visibleText(body)).toContain('`/overlap @maya.moves @lena.longform @markup.mallory`');
    expect(visibleText(body)).toContain('`/overlap tiktok');
    expectValidBlockKit(body, 'message');
    expect(h.api.requests.length).toBe(before);
  });

  it.each([
    ['maya.moves', /at least 2 creators; you listed 1/],
    ['tiktok', /at least 2 creators; you listed 0/],
    [
      Array.from({ length: 11 }, (_, i) => `creator_${i}`).join(' '),
      /at most 10 creators at a time; you listed 11/,
    ],
    ['nike @Nike https://www.instagram.com/nike/', /@nike is listed twice/],
    ['twitch pixelpete_live another_one', /only on Instagram, TikTok, YouTube, not Twitch/],
    ['https://x.com/quinn_quills https://x.com/someone', /not X \(Twitter\)/],
    [
      'https://www.instagram.com/a.b https://www.tiktok.com/@c.d',
      /different platforms \(Instagram, TikTok\)/,
    ],
    ['tiktok https://www.instagram.com/a.b c.d', /asked for TikTok, but a link points to Instagram/],
    ['maya.moves hello@example.test', /is an email/],
    ['maya.moves https://www.instagram.com/p/ABC123/', /link to an Instagram post/],
  ])('refuses %j with an example, calling nothing', async (text, reason) => {
    const before = { requests: h.api.requests.length, used: h.api.ledger.used };
    const { ack, responseId } = await h.command('/overlap', text);
    const body = ack.json as Record<string, unknown>;
    expect(visibleText(body)).toMatch(reason);
    expect(visibleText(body)).toContain('Try `/overlap @maya.moves');
    expect(visibleText(body)).toContain('Nothing was charged.');
    expect(h.api.requests.length).toBe(before.requests);
    expect(h.api.ledger.used).toBe(before.used);
    expect(h.slack.responsesTo(responseId)).toHaveLength(0);
  });

  it('shows reach and each creator’s unique share when the API answers fractions (Instagram)', async () => {
    const handles = [
      FIXTURE_CREATORS.withEmail.username,
      FIXTURE_CREATORS.longBio.username,
      FIXTURE_CREATORS.slackMarkup.username,
    ];
    const usedBefore = h.api.ledger.used;
    const { ack, responseId } = await h.command(
      '/overlap',
      `@${handles[0]} ${handles[1]} https://www.instagram.com/${handles[2]}/`,
    );
    expect((ack.json as { text: string }).text).toMatch(/Looking up the overlap of @maya\.moves/);
    const answer = (await h.slack.waitForResponse(responseId)).body;
    expect(answer).toMatchObject({ response_type: 'ephemeral', replace_original: true });
    expectValidBlockKit(answer, 'message');
    expect(overlapBodies(h.api).at(-1)).toEqual({ platform: 'instagram', creators: handles });
    expect(h.api.ledger.used - usedBefore).toBe(1);

    const expected = expectedShares('instagram', handles);
    const lines = creatorLines(answer);
    expect(lines).toHaveLength(3);
    expected.forEach((e, i) => {
      const line = lines[i] ?? '';
      expect(line).toMatch(
        new RegExp(`^${i + 1}\\. \\*<https://www\\.instagram\\.com/${e.handle.replace('.', '\\.')}`),
      );
      expect(line).toContain(
        `\`${bar(e.unique)}\` *${pct(e.unique)} unique* · ${pct(e.overlapping)} overlapping`,
      );
    });
    // the creator name full of Slack markup is shown inert
    expect(visibleText(answer)).not.toContain('<!here>');
    const text = visibleText(answer);
    expect(text).toMatch(/\*Total followers\*\n186\.5K/);
    expect(text).toMatch(/\*Unique share of the combined audience\*\n\d+(\.\d)?%/);
    expect(text).toContain(`Adds the most reach: *@${expected[0]?.handle}*`);
    expect(text).toContain('Cost 1 credit');
    expect(text).not.toMatch(/undefined|NaN/);
  });

  it('shows the same percentages when the API answers 0–100 (TikTok)', async () => {
    const handles = [FIXTURE_CREATORS.tiktokGrowth.username, FIXTURE_CREATORS.sparse.username, 'someone.new'];
    const { responseId } = await h.command('/overlap', `tiktok ${handles.join(' ')}`);
    const answer = (await h.slack.waitForResponse(responseId)).body;
    expect(overlapBodies(h.api).at(-1)).toEqual({ platform: 'tiktok', creators: handles });
    const expected = expectedShares('tiktok', handles);
    const lines = creatorLines(answer);
    expected.forEach((e, i) => {
      expect(lines[i]).toContain(
        `\`${bar(e.unique)}\` *${pct(e.unique)} unique* · ${pct(e.overlapping)} overlapping`,
      );
    });
    for (const line of lines) {
      for (const m of line.matchAll(/([\d.]+)% (unique|overlapping)/g)) {
        expect(Number(m[1])).toBeGreaterThanOrEqual(0);
        expect(Number(m[1])).toBeLessThanOrEqual(100);
      }
    }
  });

  it('takes the platform from profile links and a trailing platform word', async () => {
    await h.command('/overlap', 'https://www.youtube.com/@theo.tinkers https://www.youtube.com/@gadget.gal');
    await h.slack.waitFor(() => overlapBodies(h.api).find((b) => b.platform === 'youtube'));
    expect(overlapBodies(h.api).at(-1)).toEqual({
      platform: 'youtube',
      creators: ['theo.tinkers', 'gadget.gal'],
    });

    const { responseId } = await h.command('/overlap', 'dani.dances quiet.q tt');
    await h.slack.waitForResponse(responseId);
    expect(overlapBodies(h.api).at(-1)).toEqual({ platform: 'tiktok', creators: ['dani.dances', 'quiet.q'] });
  });

  it('answers the same creators in another order from the cache, saying so, for free', async () => {
    now += 2 * HOUR;
    const before = { requests: overlapBodies(h.api).length, used: h.api.ledger.used };
    const { responseId } = await h.command('/overlap', 'markup.mallory maya.moves LENA.LONGFORM');
    const answer = (await h.slack.waitForResponse(responseId)).body;
    expect(visibleText(answer)).toContain('From cache, 2 h ago: nothing charged');
    expect(creatorLines(answer)).toHaveLength(3);
    expect(overlapBodies(h.api)).toHaveLength(before.requests);
    expect(h.api.ledger.used).toBe(before.used);
  });

  it('shares one call between the same comparison asked twice at the same moment, in any order', async () => {
    const usedBefore = h.api.ledger.used;
    const [a, b] = await Promise.all([
      h.command('/overlap', 'fault_slow_pair maya.moves'),
      h.command('/overlap', '@maya.moves @FAULT_SLOW_PAIR'),
    ]);
    const answers = await Promise.all([
      h.slack.waitForResponse(a.responseId),
      h.slack.waitForResponse(b.responseId),
    ]);
    expect(
      overlapBodies(h.api).filter((r) => (r.creators as string[]).includes('fault_slow_pair')),
    ).toHaveLength(1);
    const footers = answers.map((x) => visibleText(x.body));
    expect(footers.filter((t) => t.includes('Cost 1 credit'))).toHaveLength(1);
    expect(
      footers.filter((t) => t.includes('Same request was already running: nothing charged')),
    ).toHaveLength(1);
    for (const x of answers) expect(creatorLines(x.body)).toHaveLength(2);
    expect(h.api.ledger.used - usedBefore).toBe(1);
  });

  it('says Influencers Club has no data when a creator does not exist, and nothing was charged', async () => {
    const usedBefore = h.api.ledger.used;
    const { responseId } = await h.command('/overlap', 'maya.moves ghost_account');
    const answer = (await h.slack.waitForResponse(responseId)).body;
    expect(String(answer.text)).toMatch(
      /has no data for the overlap of @maya\.moves and @ghost_account on Instagram/,
    );
    expect(String(answer.text)).toContain('Nothing was charged.');
    expect(h.api.ledger.used).toBe(usedBefore);
  });

  it('reports an upstream failure without charging', async () => {
    const usedBefore = h.api.ledger.used;
    const { responseId } = await h.command('/overlap', 'maya.moves fault_500');
    const answer = (await h.slack.waitForResponse(responseId)).body;
    expect(String(answer.text)).toMatch(/having trouble right now \(HTTP 500\)/);
    expect(h.api.ledger.used).toBe(usedBefore);
  });
});

describe('/overlap under a budget', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ features: [overlap], env: { CREDIT_BUDGET_DEFAULT: '0.5' } });
  });
  afterAll(async () => {
    await h.stop();
  });

  it('refuses a comparison the workspace budget cannot cover, before calling the API', async () => {
    const { responseId } = await h.command('/overlap', 'maya.moves lena.longform');
    const answer = (await h.slack.waitForResponse(responseId)).body;
    expect(String(answer.text)).toMatch(
      /The overlap of @maya\.moves and @lena\.longform on Instagram costs about 1 credit/,
    );
    expect(String(answer.text)).toContain('Nothing was charged.');
    expect(overlapBodies(h.api)).toHaveLength(0);
    expect(h.api.ledger.used).toBe(0);
  });
});
