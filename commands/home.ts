import type {
  AllMiddlewareArgs,
  BlockButtonAction,
  SlackActionMiddlewareArgs,
  SlackViewMiddlewareArgs,
  ViewSubmitAction,
} from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { z } from 'zod';
import { recentJobs } from '../src/batch/jobs.ts';
import type { ThresholdCrossing } from '../src/budget/guard.ts';
import { monthOf, workspaceKeys } from '../src/budget/keys.ts';
import {
  DEFAULT_THRESHOLDS,
  parseBudgetInput,
  parseThresholdsInput,
  readSettings,
  type WorkspaceSettings,
  writeSettings,
} from '../src/budget/settings.ts';
import type { Feature, ScoutDeps } from '../src/feature.ts';
import { postAdminNotice } from '../src/slack/admin-notice.ts';
import { teamOf } from '../src/slack/context.ts';
import { budgetNotice } from '../views/budget-notice.ts';
import { formatCredits } from '../views/format.ts';
import {
  alertChannelModal,
  budgetModal,
  HOME_ACTIONS,
  HOME_MODALS,
  type HomeJob,
  homeView,
  NOT_ADMIN_ERROR,
  notAdminModal,
  thresholdsModal,
} from '../views/home.ts';
import { readAccountState } from './credits.ts';
import { homeExtraSettings } from './home-extras.ts';
import { vettingHome } from './vetting/home-data.ts';

/**
 * Scout's App Home: published when a user opens the Home tab (`app_home_opened`, tab "home") and
 * again after an admin saves a setting. Admins (Slack admins/owners or SCOUT_ADMINS) set the
 * workspace's monthly budget, the alert channel and the notice thresholds in modals validated
 * inline. Also posts the budget notices the guard raises (once per month per threshold).
 */

const WORKSPACE_URL_TTL_MS = 24 * 60 * 60 * 1000;
const JOBS_ON_HOME = 10;

// ---------------------------------------------------------------------------------------------
// Batch jobs (owned by the batch feature)

/**
 * What src/batch/jobs.ts `recentJobs(store, team, limit)` returns, read tolerantly: the batch
 * feature owns that shape, and a field it drops or renames must not break the Home tab.
 * `fileName` and `permalink` are shown when present.
 */
const jobSchema = z.looseObject({
  id: z.union([z.string(), z.number()]).transform(String),
  status: z.string().catch('unknown'),
  channel: z.string().nullish().catch(null),
  threadTs: z.string().nullish().catch(null),
  createdAt: z
    .union([z.number(), z.string().transform((s) => Date.parse(s))])
    .nullish()
    .catch(null),
  rows: z.number().nullish().catch(null),
  creditsUsed: z
    .union([z.number(), z.string().transform(Number)])
    .nullish()
    .catch(null),
  fileName: z.string().nullish().catch(null),
  permalink: z.string().nullish().catch(null),
});

/** The latest jobs for the Home tab; null when they could not be read. */
export async function homeJobs(deps: ScoutDeps, team: string): Promise<HomeJob[] | null> {
  try {
    const raw: unknown[] = await recentJobs(deps.store, team, JOBS_ON_HOME);
    return raw.flatMap((item) => {
      const parsed = jobSchema.safeParse(item);
      if (!parsed.success) return [];
      const j = parsed.data;
      return [
        {
          id: j.id,
          status: j.status,
          channel: j.channel ?? null,
          threadTs: j.threadTs ?? null,
          createdAt: j.createdAt ?? null,
          rows: j.rows ?? null,
          creditsUsed: j.creditsUsed ?? null,
          fileName: j.fileName ?? null,
          permalink: j.permalink ?? null,
        },
      ];
    });
  } catch (error) {
    deps.log.warn({ err: error, team }, 'could not read the batch jobs for the Home tab');
    return null;
  }
}

// ---------------------------------------------------------------------------------------------
// Publishing the Home tab

const isAdmin = (deps: ScoutDeps, client: WebClient, team: string, user: string) =>
  deps.admins.allows(client, team, user, deps.log);

/** "https://acme.slack.com/" for links to job threads; asked once a day (auth.test is Tier 4). */
async function workspaceUrl(deps: ScoutDeps, client: WebClient, team: string): Promise<string | null> {
  const key = workspaceKeys.workspaceUrl(team);
  const cached = await deps.store.kv.get(key);
  if (typeof cached === 'string') return cached;
  try {
    const answer = z.looseObject({ url: z.string().url() }).safeParse(await client.auth.test());
    if (!answer.success) return null;
    await deps.store.kv.set(key, answer.data.url, WORKSPACE_URL_TTL_MS);
    return answer.data.url;
  } catch (error) {
    deps.log.warn({ err: error, team }, 'auth.test failed; job links fall back to channel names');
    return null;
  }
}

export async function publishHome(
  deps: ScoutDeps,
  client: WebClient,
  team: string,
  user: string,
  notice: string | null = null,
): Promise<void> {
  try {
    const [status, settings, account, breakdown, recentSpend, jobs, admin, url, vetting] = await Promise.all([
      deps.guard.status(team),
      readSettings(deps.store, team),
      readAccountState(deps),
      deps.guard.breakdown(team),
      deps.guard.recentSpend(team, 5),
      homeJobs(deps, team),
      isAdmin(deps, client, team, user),
      workspaceUrl(deps, client, team),
      vettingHome(deps, team).catch(() => null),
    ]);
    const view = homeView({
      now: deps.clock(),
      status,
      budgetSetBy:
        settings.budget === undefined
          ? null
          : { user: settings.budgetSetBy ?? null, at: settings.budgetSetAt ?? null },
      account: account.balance,
      accountProblem: account.problem,
      byUser: breakdown.byUser,
      byFeature: breakdown.byFeature,
      recentSpend,
      jobs,
      workspaceUrl: url,
      alertChannel: settings.alertChannel ?? null,
      thresholds: settings.thresholds ?? [...DEFAULT_THRESHOLDS],
      viewer: { isAdmin: admin },
      adminIds: deps.admins.configuredIds,
      notice,
      extraSettings: await homeExtraSettings(deps, client, team, admin),
      vetting,
    });
    // Multi-workspace mode adds its parts (the workspace's own API key, an org's spend).
    const shown = deps.extendHome ? await deps.extendHome(view, { team, user, isAdmin: admin }) : view;
    await client.views.publish({ user_id: user, view: shown });
  } catch (error) {
    deps.log.error({ err: error, team, user }, 'could not publish the Home tab');
  }
}

// ---------------------------------------------------------------------------------------------
// Settings

type SettingKind = 'budget' | 'alertChannel' | 'thresholds';

async function settingsModal(deps: ScoutDeps, kind: SettingKind, settings: WorkspaceSettings) {
  switch (kind) {
    case 'budget':
      return budgetModal({
        current: settings.budget ?? deps.guard.defaultLimit,
        defaultBudget: deps.guard.defaultLimit,
        month: monthOf(deps.clock()),
      });
    case 'alertChannel':
      return alertChannelModal({ current: settings.alertChannel ?? null });
    case 'thresholds':
      return thresholdsModal({ current: settings.thresholds ?? [...DEFAULT_THRESHOLDS] });
  }
}

function openSettings(deps: ScoutDeps, kind: SettingKind) {
  return async ({ ack, body, client }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs) => {
    await ack();
    const team = teamOf(body);
    // trigger_id is good for 3 s: the admin check is cached, so this stays quick.
    const admin = await isAdmin(deps, client, team, body.user.id);
    const view = admin
      ? await settingsModal(deps, kind, await readSettings(deps.store, team))
      : notAdminModal({ adminIds: deps.admins.configuredIds });
    try {
      await client.views.open({ trigger_id: body.trigger_id, view });
    } catch (error) {
      deps.log.warn({ err: error, team, kind }, 'could not open the settings modal');
    }
  };
}

type SubmissionResult =
  | { ok: true; patch: Partial<WorkspaceSettings>; saved: string }
  | { ok: false; error: string };

function readSubmission(
  deps: ScoutDeps,
  kind: SettingKind,
  view: ViewSubmitAction['view'],
  user: string,
): SubmissionResult {
  const values = view.state.values;
  const now = deps.clock();
  switch (kind) {
    case 'budget': {
      const m = HOME_MODALS.budget;
      const parsed = parseBudgetInput(values[m.blockId]?.[m.actionId]?.value);
      if (!parsed.ok) return parsed;
      return {
        ok: true,
        patch: { budget: parsed.value, budgetSetBy: user, budgetSetAt: now },
        saved: `:white_check_mark: Saved: the monthly budget is now *${formatCredits(parsed.value)} credits*.`,
      };
    }
    case 'alertChannel': {
      const m = HOME_MODALS.alertChannel;
      const channel = values[m.blockId]?.[m.actionId]?.selected_conversation ?? null;
      if (channel !== null && !/^[CG][A-Z0-9]{2,}$/.test(channel)) {
        return {
          ok: false,
          error: 'Pick a channel (not a direct message), or leave it empty to DM the admins.',
        };
      }
      return {
        ok: true,
        patch: { alertChannel: channel ?? undefined },
        saved: channel
          ? `:white_check_mark: Saved: budget notices go to <#${channel}>.`
          : ':white_check_mark: Saved: budget notices go to the Scout admins by DM.',
      };
    }
    case 'thresholds': {
      const m = HOME_MODALS.thresholds;
      const parsed = parseThresholdsInput(values[m.blockId]?.[m.actionId]?.value);
      if (!parsed.ok) return parsed;
      return {
        ok: true,
        patch: { thresholds: parsed.value },
        saved: `:white_check_mark: Saved: notices at ${parsed.value.map((t) => `${t}%`).join(', ')} of the budget.`,
      };
    }
  }
}

function saveSettings(deps: ScoutDeps, kind: SettingKind) {
  const blockId = HOME_MODALS[kind].blockId;
  return async ({
    ack,
    body,
    view,
    client,
  }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs) => {
    const team = teamOf(body);
    const user = body.user.id;
    if (!(await isAdmin(deps, client, team, user))) {
      deps.log.warn({ team, user, kind }, 'a non-admin submitted a budget setting; refused');
      await ack({ response_action: 'errors', errors: { [blockId]: NOT_ADMIN_ERROR } });
      return;
    }
    const result = readSubmission(deps, kind, view, user);
    if (!result.ok) {
      await ack({ response_action: 'errors', errors: { [blockId]: result.error } });
      return;
    }
    try {
      await writeSettings(deps.store, team, { ...result.patch, updatedBy: user, updatedAt: deps.clock() });
    } catch (error) {
      deps.log.error({ err: error, team, kind }, 'could not save a budget setting');
      await ack({
        response_action: 'errors',
        errors: { [blockId]: 'Scout could not save this just now. Nothing was changed; please try again.' },
      });
      return;
    }
    await ack();
    deps.log.info({ team, user, kind, patch: result.patch }, 'budget setting changed');
    let notice = result.saved;
    const channel = kind === 'alertChannel' ? result.patch.alertChannel : undefined;
    if (channel) {
      try {
        await client.chat.postMessage({
          channel,
          text: `Scout will post this workspace's budget notices here (set by <@${user}>).`,
        });
      } catch (error) {
        deps.log.warn({ err: error, team, channel }, 'Scout cannot post in the new alert channel');
        notice =
          `:warning: Saved, but Scout could not post in <#${channel}>: invite it with \`/invite @Scout\` in that channel. ` +
          'Until then, budget notices go to the Scout admins by DM.';
      }
    }
    await publishHome(deps, client, team, user, notice);
  };
}

// ---------------------------------------------------------------------------------------------
// Budget notices

/** Post a threshold notice in the alert channel, else DM the admins; log when nobody can be told. */
export async function postBudgetNotice(
  crossing: ThresholdCrossing,
  client: WebClient,
  deps: ScoutDeps,
): Promise<void> {
  await postAdminNotice(client, deps, {
    team: crossing.team,
    kind: 'budget notice',
    message: budgetNotice(crossing),
    where: { team: crossing.team, threshold: crossing.threshold, month: crossing.month },
  });
}

export const home: Feature = {
  name: 'home',
  register(app, deps) {
    app.event('app_home_opened', async ({ event, body, client }) => {
      if (event.tab !== undefined && event.tab !== 'home') return;
      const team = teamOf(body);
      await publishHome(deps, client, team, event.user);
    });
    app.action<BlockButtonAction>(HOME_ACTIONS.refresh, async ({ ack, body, client }) => {
      await ack();
      await publishHome(deps, client, teamOf(body), body.user.id);
    });
    app.action<BlockButtonAction>(HOME_ACTIONS.setBudget, openSettings(deps, 'budget'));
    app.action<BlockButtonAction>(HOME_ACTIONS.setAlertChannel, openSettings(deps, 'alertChannel'));
    app.action<BlockButtonAction>(HOME_ACTIONS.setThresholds, openSettings(deps, 'thresholds'));
    app.view<ViewSubmitAction>(HOME_MODALS.budget.callbackId, saveSettings(deps, 'budget'));
    app.view<ViewSubmitAction>(HOME_MODALS.alertChannel.callbackId, saveSettings(deps, 'alertChannel'));
    app.view<ViewSubmitAction>(HOME_MODALS.thresholds.callbackId, saveSettings(deps, 'thresholds'));
  },
  async onBudgetThreshold(crossing, app, deps) {
    await postBudgetNotice(crossing, app.client, deps);
  },
};
