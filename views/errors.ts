import type { AccountProblem } from '../src/budget/account-problems.ts';
import { AccountCreditsError, BudgetExceededError } from '../src/budget/guard.ts';
import {
  IcAuthError,
  IcBadRequestError,
  IcError,
  IcInsufficientCreditsError,
  IcMalformedResponseError,
  IcMisconfiguredError,
  IcNetworkError,
  IcNotFoundError,
  IcRateLimitError,
  IcTimeoutError,
  IcUpstreamError,
  IcValidationError,
} from '../src/ic/errors.ts';
import { type SlackMessage, section } from './blocks.ts';
import { creditsPhrase, escapeMrkdwn, formatCredits, monthName } from './format.ts';

/**
 * The one place where a failure becomes words for the user: what failed, whether credits were
 * spent, and what to do next. Every command and background job uses this.
 */

export interface FailureMessage {
  /** mrkdwn, already escaped. */
  text: string;
  /** Whether credits may have been spent, for the caller's footer. */
  charged: 'no' | 'maybe';
}

const NOTHING_CHARGED = 'Nothing was charged.';

/** Both account problems (see src/budget/account-problems.ts): no user can fix them, an admin must. */
function keyRefusedText(subject: string, status: number | undefined): string {
  return `:lock: Influencers Club refused Scout's API key${status ? ` (HTTP ${status})` : ''}, so ${subject} was not done. A Scout admin needs to check INFLUENCERS_CLUB_API_KEY and the plan's API access; Scout's admins have been alerted. ${NOTHING_CHARGED}`;
}

function misconfiguredText(subject: string): string {
  return `:wrench: Scout is misconfigured: the address it uses for Influencers Club did not answer like the API (a 404 page), so ${subject} was not done. A Scout admin needs to check INFLUENCERS_CLUB_API_URL; Scout's admins have been alerted. ${NOTHING_CHARGED}`;
}

/** A payload without a workspace id: refused, since budgets and caches are kept per workspace. */
export const MISSING_TEAM_TEXT =
  ':warning: Slack did not say which workspace this came from; nothing was spent.';

export function describeFailure(error: unknown, what: string): FailureMessage {
  const subject = escapeMrkdwn(what);
  if (error instanceof BudgetExceededError) {
    const s = error.status;
    return {
      text:
        `:no_entry: ${capitalise(subject)} costs about ${creditsPhrase(error.estimate)}; this workspace has ` +
        `${formatCredits(s.remaining)} of ${formatCredits(s.limit)} left for ${monthName(new Date(`${s.month}-01T00:00:00Z`))}. ` +
        `Workspace admins can raise the budget in Scout's Home tab. ${NOTHING_CHARGED}`,
      charged: 'no',
    };
  }
  if (error instanceof AccountCreditsError) {
    // The balance could not be read because of the account itself: waiting a minute will not help.
    if (error.available === null && error.cause instanceof IcAuthError) {
      return { text: keyRefusedText(subject, error.cause.status), charged: 'no' };
    }
    if (error.available === null && error.cause instanceof IcMisconfiguredError) {
      return { text: misconfiguredText(subject), charged: 'no' };
    }
    return {
      text:
        error.available === null
          ? `:warning: Couldn't check the Influencers Club account balance, so ${subject} was not started. Try again in a minute. ${NOTHING_CHARGED}`
          : `:no_entry: The Influencers Club account has ${formatCredits(error.available)} credits left; ${subject} needs about ${creditsPhrase(error.estimate)}. Ask whoever manages the Influencers Club plan to top it up. ${NOTHING_CHARGED}`,
      charged: 'no',
    };
  }
  if (!(error instanceof IcError)) {
    return {
      text: `:warning: Something went wrong with ${subject} on Scout's side. It has been logged; please try again. If credits were spent they show in the Home tab.`,
      charged: 'maybe',
    };
  }
  if (error instanceof IcNotFoundError) {
    // An empty answer is normally free (api-ref#credits); if the API still reported a cost, say so.
    const charged = error.mayHaveCharged
      ? ' Influencers Club reported a charge for it anyway; it shows in the Home tab.'
      : ` ${NOTHING_CHARGED}`;
    return {
      text:
        error.reason === 'unknown_batch'
          ? `:mag: Influencers Club no longer knows this batch.${charged}`
          : `:mag: Influencers Club has no data for ${subject}. Check the spelling or try the profile URL.${charged}`,
      charged: error.mayHaveCharged ? 'maybe' : 'no',
    };
  }
  if (error instanceof IcValidationError) {
    const details = error.fields.length
      ? error.fields.map((f) => `• \`${escapeMrkdwn(f.field)}\`: ${escapeMrkdwn(f.message)}`).join('\n')
      : escapeMrkdwn(error.message);
    return {
      text: `:warning: Influencers Club rejected the request for ${subject}:\n${details}\n${NOTHING_CHARGED}`,
      charged: 'no',
    };
  }
  if (error instanceof IcRateLimitError) {
    return {
      text: `:hourglass: Influencers Club is rate limiting us (300 requests a minute); Scout retried and gave up for now. Try again in a minute. ${NOTHING_CHARGED}`,
      charged: 'no',
    };
  }
  if (error instanceof IcInsufficientCreditsError) {
    return {
      text: `:no_entry: The Influencers Club account is out of credits for ${subject}. Ask whoever manages the plan to top it up. ${NOTHING_CHARGED}`,
      charged: 'no',
    };
  }
  if (error instanceof IcAuthError) {
    return { text: keyRefusedText(subject, error.status), charged: 'no' };
  }
  if (error instanceof IcMisconfiguredError) {
    return { text: misconfiguredText(subject), charged: 'no' };
  }
  if (error instanceof IcTimeoutError) {
    return {
      text: `:hourglass: Influencers Club took too long to answer ${subject}. Try again in a moment.${error.mayHaveCharged ? ' The request may still have been billed; Scout counted it against the budget to be safe.' : ` ${NOTHING_CHARGED}`}`,
      charged: error.mayHaveCharged ? 'maybe' : 'no',
    };
  }
  if (error instanceof IcUpstreamError || error instanceof IcNetworkError) {
    return {
      text: `:cloud: Influencers Club is having trouble right now (${error instanceof IcUpstreamError ? `HTTP ${error.status}` : 'connection failed'}). Try again in a few minutes.${error.mayHaveCharged ? ' The request may have been billed; Scout counted it against the budget to be safe.' : ` ${NOTHING_CHARGED}`}`,
      charged: error.mayHaveCharged ? 'maybe' : 'no',
    };
  }
  if (error instanceof IcMalformedResponseError) {
    return {
      text: `:warning: Influencers Club sent an answer for ${subject} that Scout could not read.${error.mayHaveCharged ? ' It may have been billed; Scout counted it against the budget.' : ` ${NOTHING_CHARGED}`} Try again; if it keeps happening, tell the Scout maintainers.`,
      charged: error.mayHaveCharged ? 'maybe' : 'no',
    };
  }
  if (error instanceof IcBadRequestError) {
    return {
      text: `:warning: Influencers Club could not do that yet: ${escapeMrkdwn(error.message)}. ${NOTHING_CHARGED}`,
      charged: 'no',
    };
  }
  return {
    text: `:warning: Influencers Club failed on ${subject}: ${escapeMrkdwn(error.message)}`,
    charged: error.mayHaveCharged ? 'maybe' : 'no',
  };
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** What Scout's admins are told (once a day) about a problem only they can fix. */
export function accountProblemNotice(problem: AccountProblem): SlackMessage {
  const text =
    problem.kind === 'key_refused'
      ? `:lock: *Scout needs an admin:* Influencers Club refuses Scout's API key${problem.status ? ` (HTTP ${problem.status})` : ''}. Every lookup fails until INFLUENCERS_CLUB_API_KEY is fixed (a valid key on a plan with API access) and Scout is restarted. Nothing is being charged meanwhile.`
      : `:wrench: *Scout needs an admin:* INFLUENCERS_CLUB_API_URL does not answer like the Influencers Club API (a 404 page for \`${escapeMrkdwn(problem.operation)}\`). Every lookup fails until the URL is fixed and Scout is restarted. Nothing is being charged meanwhile.`;
  return { text, blocks: [section(text)] };
}
