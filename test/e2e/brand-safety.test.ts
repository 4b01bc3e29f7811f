import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blockKitViolations } from '../support/block-kit.ts';
import { type Harness, startHarness } from '../support/harness.ts';
import { buttonOf, buttons, type Json, lookUp, mrkdwnText, POSTS, requestsTo } from './creator-helpers.ts';

/**
 * "Check brand safety" end to end: admins set the lists in App Home, the estimate comes before any
 * spending, the recent posts and their details are read under the budget and matched, the report
 * goes to the channel with its details in the thread, and a second check is free from the cache.
 */

const DETAILS = '/public/v1/creators/content/details/';
let h: Harness;

beforeAll(async () => {
  h = await startHarness({ env: { SCOUT_ADMINS: 'U0ADMIN' } });
});
afterAll(async () => {
  await h?.stop();
});

async function saveLists(user: string, competitors: string) {
  return h.submitView({
    callback_id: 'brandsafety_lists_view',
    user_id: user,
    values: {
      bs_topics: {
        bs_topics: { type: 'checkboxes', selected_options: [{ value: 'gambling' }, { value: 'alcohol' }] },
      },
      bs_competitors: { bs_competitors: { type: 'plain_text_input', value: competitors } },
      bs_custom: { bs_custom: { type: 'plain_text_input', value: '' } },
    },
  });
}

describe('brand safety', () => {
  it('only admins change the lists; App Home shows them', async () => {
    const refused = await saveLists('U0ALICE', 'Evil Corp');
    expect(refused.text).toContain('Only workspace admins');
    const saved = await saveLists('U0ADMIN', 'Nike, Adidas');
    expect(saved.status).toBe(200);
    expect(saved.text).not.toContain('errors');
    const home = await h.slack.waitForCall('views.publish', (c) =>
      JSON.stringify(c.args.view).includes('Nike, Adidas'),
    );
    expect(JSON.stringify(home.args.view)).toContain('Blocked topics: gambling, alcohol');
  });

  it('shows the estimate before spending anything', async () => {
    const { body } = await lookUp(h, 'risky.rita');
    const posts = requestsTo(h, POSTS).length;
    const { responseId } = await h.action({
      action_id: 'brandsafety_open',
      value: buttonOf(body, 'brandsafety_open').value ?? '',
    });
    const choice = (await h.slack.waitForResponse(responseId ?? '')).body;
    const labels = buttons(choice).map((b) => b.text?.text);
    expect(labels).toEqual([
      '5 posts · up to 0.18 credits',
      '10 posts · up to 0.33 credits',
      '20 posts · up to 0.63 credits',
    ]);
    expect(buttonOf(choice, 'brandsafety_run_5').confirm?.text.text).toContain('costs up to 0.18 credits');
    expect(mrkdwnText(choice)).toContain('left in this month’s budget');
    expect(requestsTo(h, POSTS)).toHaveLength(posts);
  });

  it('reads 5 posts, matches plurals, hashtags and accents but not words inside words, and reports in a thread', async () => {
    const spentBefore = (await h.scout.deps.guard.status('T0TEST')).spent;
    const value = JSON.stringify({ platform: 'instagram', handle: 'risky.rita', n: 5 });
    const { responseId } = await h.action({ action_id: 'brandsafety_run_5', value });
    await h.slack.waitForResponse(responseId ?? '', 2);
    const posted = h.slack.callsTo('chat.postMessage');
    const summary = posted.find((c) => String(c.args.text).includes('Brand safety of @risky.rita'));
    const thread = posted.find(
      (c) => c.args.thread_ts !== undefined && String(c.args.text).includes('risky.rita'),
    );
    expect(summary && thread).toBeTruthy();
    expect(mrkdwnText(summary!.args as Json)).toContain(
      ':warning: 4 of 5 posts match your lists (gambling, alcohol)',
    );
    const details = mrkdwnText(thread!.args as Json);
    expect(details).toContain('casino (gambling)');
    expect(details).toContain('> Big night at the Casino 🎰 #Casinos');
    // a video's transcript is read too
    expect(details).toContain('beer (alcohol)');
    expect(details).toContain('Nike (competitor)');
    expect(details).toContain('vodka (alcohol)');
    expect(details).not.toContain('Alphabet soup');
    expect(details).toContain('&lt;!channel&gt;');
    expect(details).not.toContain('<!channel>');
    expect(blockKitViolations(thread!.args, 'message')).toEqual([]);
    // 1 posts page + 5 post details, settled to the answers' credits_cost
    expect(requestsTo(h, DETAILS)).toHaveLength(5);
    expect((await h.scout.deps.guard.status('T0TEST')).spent).toBeCloseTo(spentBefore + 0.18, 5);
    expect(mrkdwnText(thread!.args as Json)).toContain('0.18 credits');
  });

  it('a second check of the same creator within the TTL costs nothing', async () => {
    const posts = requestsTo(h, POSTS).length;
    const spent = (await h.scout.deps.guard.status('T0TEST')).spent;
    const value = JSON.stringify({ platform: 'instagram', handle: 'risky.rita', n: 5 });
    const { responseId } = await h.action({ action_id: 'brandsafety_run_5', value, user_id: 'U0BEN' });
    await h.slack.waitForResponse(responseId ?? '', 2);
    const last = h.slack.callsTo('chat.postMessage').at(-1);
    expect(mrkdwnText(last!.args as Json)).toContain('From cache');
    expect(requestsTo(h, POSTS)).toHaveLength(posts);
    expect((await h.scout.deps.guard.status('T0TEST')).spent).toBe(spent);
  });

  it("posts one report when the estimate's button is clicked twice at once", async () => {
    const reports = () =>
      h.slack
        .callsTo('chat.postMessage')
        .filter(
          (c) =>
            c.args.thread_ts === undefined && String(c.args.text).includes('Brand safety of @risky.rita'),
        );
    const before = reports().length;
    const value = JSON.stringify({ platform: 'instagram', handle: 'risky.rita', n: 5 });
    const container = {
      type: 'message',
      message_ts: '1700000099.000100',
      channel_id: 'C0CHANNEL',
      is_ephemeral: true,
    };
    const clicks = await Promise.all([
      h.action({ action_id: 'brandsafety_run_5', value, container }),
      h.action({ action_id: 'brandsafety_run_5', value, container }),
    ]);
    await Promise.race(clicks.map((c) => h.slack.waitForResponse(c.responseId ?? '', 2)));
    await h.scout.deps.guard.flush();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(reports().length - before).toBe(1);
  });

  it('refuses a check the budget cannot cover, naming the cost and what is left, and calls nothing', async () => {
    const small = await startHarness({ env: { CREDIT_BUDGET_DEFAULT: '0.5' } });
    try {
      const value = JSON.stringify({ platform: 'instagram', handle: 'risky.rita', n: 20 });
      const { responseId } = await small.action({ action_id: 'brandsafety_run_20', value });
      const refusal = (await small.slack.waitForResponse(responseId ?? '', 2)).body;
      expect(String(refusal.text)).toMatch(/0\.63/);
      expect(String(refusal.text)).toMatch(/0\.5/);
      expect(small.api.requests.filter((r) => r.path === POSTS)).toHaveLength(0);
    } finally {
      await small.stop();
    }
  });
});
