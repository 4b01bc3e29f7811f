import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blockKitViolations } from '../support/block-kit.ts';
import { type Harness, startHarness } from '../support/harness.ts';
import { buttonOf, ENRICH, type Json, mrkdwnText, requestsTo } from './creator-helpers.ts';

/** The verdict line on /creator cards and similar rows, and "looked up by" per workspace. */

const NOW = Date.UTC(2026, 4, 10); // 12 days after the double's most recent posts (2026-04-28)
let h: Harness;

beforeAll(async () => {
  h = await startHarness({ clock: () => NOW });
});
afterAll(async () => {
  await h?.stop();
});

async function creator(text: string, user: string, team = 'T0TEST'): Promise<Json> {
  const { responseId } = await h.command('/creator', text, { user_id: user, team_id: team });
  return (await h.slack.waitForResponse(responseId)).body;
}

describe('verdict on the card', () => {
  it('explains engagement against the tier band, activity and credibility, for free', async () => {
    const card = await creator('maya.moves', 'U0ANA');
    const text = mrkdwnText(card);
    expect(text).toContain('*Verdict:*');
    expect(text).toContain(
      '3.42 % engagement: typical for an Instagram mid-tier (100K–500K) creator (1.5–5 %)',
    );
    expect(text).toContain('Last post 12 days ago');
    expect(text).toMatch(/Audience credibility \d+ %/);
    expect(blockKitViolations(card, 'message')).toEqual([]);
    // the verdict costs nothing: one enrichment
    expect(requestsTo(h, ENRICH)).toHaveLength(1);
    expect(buttonOf(card, 'shortlist_add').value).toContain('"h":"maya.moves"');
  });

  it('a cached card says who in this workspace looked it up, and only in this workspace', async () => {
    const again = await creator('@maya.moves', 'U0BEN');
    expect(mrkdwnText(again)).toContain('looked up by <@U0ANA> just now');
    const other = await creator('maya.moves', 'U0ZED', 'T0OTHER');
    expect(mrkdwnText(other)).toContain('From cache');
    expect(mrkdwnText(other)).not.toContain('looked up by');
    expect(requestsTo(h, ENRICH)).toHaveLength(1);
  });

  it('a sparse creator reads "—" for what is missing, never a guess', async () => {
    const card = await creator('quiet.q tiktok', 'U0ANA');
    const text = mrkdwnText(card);
    expect(text).toContain('Engagement —');
    expect(text).toContain('Audience credibility —');
    expect(text).toContain('Last post —');
  });

  it('similar rows carry the engagement verdict and an Add to shortlist button', async () => {
    const { responseId } = await h.command('/similar', 'maya.moves');
    const page = (await h.slack.waitForResponse(responseId)).body;
    expect(mrkdwnText(page)).toMatch(/% engagement: (typical|below|above)/);
    expect(buttonOf(page, 'shortlist_add').value).toMatch(/"p":"instagram"/);
    expect(blockKitViolations(page, 'message')).toEqual([]);
  });
});
