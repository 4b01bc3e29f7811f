import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { home } from '../../commands/home.ts';
import { NOT_INSTALLED_TEXT } from '../../src/slack/oauth/lifecycle.ts';
import { paidLookup } from '../budget/paid-command.ts';
import { expectValidBlockKit } from '../support/block-kit.ts';
import type { Harness } from '../support/harness.ts';
import { gridCommand, gridEvent, install, startMultiHarness } from './install-helpers.ts';

/**
 * Enterprise Grid: one org-wide install (`is_enterprise_install`) authorizes requests from every
 * workspace of the org with the org's token, while budgets and spend stay per workspace; a
 * workspace outside the org is not served; removing the org-wide install reaches every workspace it
 * served.
 */

const ORG = 'E0ORG';
const ONE = 'T0ONE';
const TWO = 'T0TWO';
const ADMIN = 'U0ORGADMIN';

let h: Harness;
beforeAll(async () => {
  h = await startMultiHarness({ features: [home, paidLookup], slackOptions: { slackAdmins: [ADMIN] } });
});
afterAll(async () => {
  await h?.stop();
});

const orgToken = () =>
  [...h.slack.issued.values()].find((t) => t.enterpriseId === ORG && t.teamId === null)?.token;

describe('an org-wide install', () => {
  it('installs through the same link, saved once for the org', async () => {
    const answer = await install(h, { teamId: null, enterpriseId: ORG, enterpriseName: 'Big Org' });
    expect(answer.status).toBe(200);
    expect(answer.html).toContain('Scout is installed in Big Org');
    const found = await h.scout.installations?.find({
      teamId: undefined,
      enterpriseId: ORG,
      isEnterpriseInstall: true,
    });
    expect(found?.ref).toEqual({ kind: 'org', id: ORG });
  });

  it('authorizes commands from every workspace of the org; spend stays per workspace', async () => {
    const a = await gridCommand(h, {
      command: '/paidtest',
      text: 'maya.moves',
      team_id: ONE,
      enterprise_id: ORG,
      orgWide: true,
    });
    await h.slack.waitForResponse(a.responseId);
    const b = await gridCommand(h, {
      command: '/paidtest',
      text: 'lena.longform',
      team_id: TWO,
      enterprise_id: ORG,
      orgWide: true,
    });
    await h.slack.waitForResponse(b.responseId);
    const { guard } = h.scout.deps;
    const one = await guard.status(ONE);
    const two = await guard.status(TWO);
    expect(one.spent).toBeGreaterThan(0);
    expect(two.spent).toBeGreaterThan(0);
    expect(await guard.status(ORG)).toMatchObject({ spent: 0 });
    const breakdownOne = JSON.stringify(await guard.breakdown(ONE));
    expect(breakdownOne).not.toContain('lena');
  });

  it('uses the org token for Web API calls made for any of its workspaces', async () => {
    for (const team of [ONE, TWO]) {
      const before = h.slack.callsTo('views.publish').length;
      await gridEvent(
        h,
        { type: 'app_home_opened', user: 'U0GRID', channel: 'D0HOME', tab: 'home' },
        {
          team_id: team,
          enterprise_id: ORG,
          orgWide: true,
        },
      );
      await h.slack.waitFor(() => h.slack.callsTo('views.publish').length > before);
      expect(h.slack.callsTo('views.publish').at(-1)?.token).toBe(orgToken());
    }
  });

  it('shows the org’s admins every workspace’s spend in App Home, and members only their own', async () => {
    const homeFor = async (user: string) => {
      const before = h.slack.callsTo('views.publish').length;
      await gridEvent(
        h,
        { type: 'app_home_opened', user, channel: 'D0HOME', tab: 'home' },
        {
          team_id: ONE,
          enterprise_id: ORG,
          orgWide: true,
        },
      );
      await h.slack.waitFor(() => h.slack.callsTo('views.publish').length > before);
      const view = h.slack.callsTo('views.publish').at(-1)?.args.view;
      expectValidBlockKit(view as Parameters<typeof expectValidBlockKit>[0], 'home');
      return JSON.stringify(view);
    };
    const admin = await homeFor(ADMIN);
    expect(admin).toContain('Spend this month across your organization');
    expect(admin).toContain('`T0ONE` (this workspace)');
    expect(admin).toContain('`T0TWO`');
    const member = await homeFor('U0MEMBER');
    expect(member).not.toContain('across your organization');
    expect(member).not.toContain('T0TWO');
  });

  it('does not serve a workspace outside the org', async () => {
    const { ack } = await h.command('/paidtest', 'maya.moves', { team_id: 'T0OUTSIDE' });
    expect(ack.json).toMatchObject({ text: NOT_INSTALLED_TEXT });
  });

  it('removing the org-wide install deletes the org token and refuses every workspace of the org', async () => {
    const ack = await gridEvent(
      h,
      { type: 'app_uninstalled' },
      { team_id: ONE, enterprise_id: ORG, orgWide: true },
    );
    expect(ack.status).toBe(200);
    for (let i = 0; i < 100; i++) {
      if ((await h.scout.workspaces?.registry.get(TWO))?.uninstalledAt != null) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(
      await h.scout.installations?.find({ teamId: undefined, enterpriseId: ORG, isEnterpriseInstall: true }),
    ).toBeNull();
    expect((await h.scout.workspaces?.registry.get(ONE))?.uninstalledAt).toEqual(expect.any(Number));
    expect((await h.scout.workspaces?.registry.get(TWO))?.uninstalledAt).toEqual(expect.any(Number));
    const { ack: refused } = await gridCommand(h, {
      command: '/paidtest',
      text: 'maya.moves',
      team_id: TWO,
      enterprise_id: ORG,
      orgWide: true,
    });
    expect(refused.json).toMatchObject({ text: NOT_INSTALLED_TEXT });
  });
});
