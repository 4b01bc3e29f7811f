import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { type AccountProblemKind, accountProblemOf } from '../src/budget/account-problems.ts';
import type { AccountBalance } from '../src/budget/guard.ts';
import { readSettings } from '../src/budget/settings.ts';
import type { Feature, ScoutDeps } from '../src/feature.ts';
import { teamOf } from '../src/slack/context.ts';
import { answerCommand } from '../src/slack/respond.ts';
import type { SlackMessage } from '../views/blocks.ts';
import { creditsHelp, creditsMessage } from '../views/credits.ts';
import { escapeMrkdwn, truncate } from '../views/format.ts';

/**
 * `/credits [help]`: the workspace's budget this month (used, reserved for running batches, left)
 * and the Influencers Club account's balance. Free (/accounts/credits/ costs nothing, api-ref#account-credits) and
 * ephemeral.
 */

export async function creditsSummary(deps: ScoutDeps, team: string): Promise<SlackMessage> {
  const [status, settings, account] = await Promise.all([
    deps.guard.status(team),
    readSettings(deps.store, team),
    readAccountState(deps),
  ]);
  return creditsMessage({
    status,
    account: account.balance,
    ...(account.problem ? { accountProblem: account.problem } : {}),
    budgetIsDefault: settings.budget === undefined,
    now: deps.clock(),
  });
}

/**
 * The balance, or why it could not be read: a refused key or a wrong API URL (which an admin must
 * fix, so /credits must not look as if all were well), else null problem (try again later).
 */
export async function readAccountState(
  deps: ScoutDeps,
): Promise<{ balance: AccountBalance | null; problem: AccountProblemKind | null }> {
  try {
    return { balance: await deps.guard.accountBalance(), problem: null };
  } catch (error) {
    deps.log.warn({ err: error }, 'could not read the Influencers Club account balance');
    return { balance: null, problem: accountProblemOf(error) };
  }
}

export async function handleCreditsCommand(
  deps: ScoutDeps,
  { ack, command, respond }: SlackCommandMiddlewareArgs & AllMiddlewareArgs,
): Promise<void> {
  const text = command.text.trim().toLowerCase();
  if (text === 'help' || text === '?') {
    await ack({ response_type: 'ephemeral', ...creditsHelp() });
    return;
  }
  if (text !== '') {
    const problem = `:thinking_face: \`/credits\` takes no arguments (got "${escapeMrkdwn(truncate(command.text.trim(), 40))}").`;
    await ack({ response_type: 'ephemeral', ...creditsHelp(problem) });
    return;
  }
  await answerCommand({
    ack,
    respond,
    log: deps.log,
    loading: 'Checking credits…',
    what: 'the credits summary',
    work: () => creditsSummary(deps, teamOf(command)),
  });
}

export const credits: Feature = {
  name: 'credits',
  register(app, deps) {
    app.command('/credits', (args) => handleCreditsCommand(deps, args));
  },
};
