import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import type { SlackMessage } from '../../views/blocks.ts';
import { accountProblemNotice } from '../../views/errors.ts';
import type { AccountProblem } from '../budget/account-problems.ts';
import { readSettings } from '../budget/settings.ts';
import type { Store } from '../store/types.ts';
import type { Admins } from './admins.ts';
import { openDm } from './web.ts';

/**
 * How Scout tells its admins something (budget thresholds, account problems): the workspace's alert
 * channel when one is set and Scout can post there, else a DM to each of SCOUT_ADMINS (or, with
 * none configured, the admin who last changed a setting: the one person known to care).
 */

export interface AdminNoticeDeps {
  readonly store: Store;
  readonly log: Logger;
  readonly admins: Admins;
}

/** `kind` names the notice in logs ("budget notice"); `where` is logged with every line. */
export async function postAdminNotice(
  client: WebClient,
  deps: AdminNoticeDeps,
  notice: { team: string | null; kind: string; message: SlackMessage; where: Record<string, unknown> },
): Promise<void> {
  const { team, kind, message, where } = notice;
  const settings = team === null ? {} : await readSettings(deps.store, team);
  const body = { text: message.text, ...(message.blocks.length ? { blocks: message.blocks } : {}) };
  if (settings.alertChannel) {
    try {
      await client.chat.postMessage({ channel: settings.alertChannel, ...body });
      deps.log.info({ ...where, channel: settings.alertChannel }, `${kind} posted`);
      return;
    } catch (error) {
      deps.log.warn(
        { err: error, ...where },
        `could not post the ${kind} in the alert channel; DMing the admins`,
      );
    }
  }
  const configured = deps.admins.configuredIds;
  const recipients = configured.length > 0 ? configured : settings.updatedBy ? [settings.updatedBy] : [];
  if (recipients.length === 0) {
    deps.log.warn(where, `${kind} not sent: no alert channel is set and SCOUT_ADMINS is empty`);
    return;
  }
  for (const admin of recipients) {
    try {
      await client.chat.postMessage({ channel: await openDm(client, admin), ...body });
    } catch (error) {
      deps.log.warn({ err: error, ...where, admin }, `could not DM the ${kind} to an admin`);
    }
  }
  deps.log.info({ ...where, admins: recipients.length }, `${kind} sent by DM`);
}

/**
 * An account problem concerns the one Influencers Club account behind Scout's one bot token, so it
 * goes to the alert channel of the bot's own workspace (auth.test names it).
 */
export async function postAccountProblem(
  client: WebClient,
  deps: AdminNoticeDeps,
  problem: AccountProblem,
): Promise<void> {
  let team: string | null = null;
  try {
    const auth = await client.auth.test();
    team = typeof auth.team_id === 'string' ? auth.team_id : null;
  } catch (error) {
    deps.log.warn({ err: error }, 'auth.test failed; the account problem notice goes to SCOUT_ADMINS only');
  }
  await postAdminNotice(client, deps, {
    team,
    kind: 'account problem notice',
    message: accountProblemNotice(problem),
    where: { problem: problem.kind, day: problem.day },
  });
}
