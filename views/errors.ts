import { AccountCreditsError, BudgetExceededError } from '../src/budget/guard.ts';
import {
  IcAuthError,
  IcBadRequestError,
  IcError,
  IcInsufficientCreditsError,
  IcMalformedResponseError,
  IcNetworkError,
  IcNotFoundError,
  IcRateLimitError,
  IcTimeoutError,
  IcUpstreamError,
  IcValidationError,
} from '../src/ic/errors.ts';
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
    return {
      text: `:lock: Influencers Club refused Scout's API key (${error.status ?? 'auth'}). An admin needs to check INFLUENCERS_CLUB_API_KEY and the plan's API access. ${NOTHING_CHARGED}`,
      charged: 'no',
    };
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
