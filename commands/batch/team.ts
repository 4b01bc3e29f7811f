import type { Logger } from 'pino';
import { MissingTeamError, slackContext } from '../../src/slack/context.ts';

/**
 * The workspace a payload came from, or null when Slack sent none: such a payload is logged and
 * refused, never filed under an empty workspace id (which would share one budget between them).
 */
export function workspaceOf(body: unknown, log: Logger): string | null {
  try {
    return slackContext(body).teamId;
  } catch (error) {
    if (!(error instanceof MissingTeamError)) throw error;
    log.warn({ err: error }, 'batch: refused a payload without a team id');
    return null;
  }
}
