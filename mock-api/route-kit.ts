import { findFault, isGhost } from './faults.ts';
import { fromMilli, type MockPrices } from './ledger.ts';
import {
  detail,
  fieldError,
  htmlNotFound,
  insufficientCredits,
  json,
  noData,
  type Reply,
  throttled,
} from './replies.ts';
import type { MockState } from './state.ts';

/** What every route handler of the double shares: its context and the one way paid endpoints answer. */

export interface RouteContext {
  state: MockState;
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  /** Parsed JSON body (undefined when the body was empty). */
  body: unknown;
  /** Set when the body was not valid JSON. */
  bodyError: string | null;
  form: FormData | null;
  contentType: string;
  token: string;
  /** Where this server is reachable, for URLs it hands out (presigned downloads). */
  baseUrl: string;
}

export type Handler = (ctx: RouteContext) => Reply | Promise<Reply>;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// ---------------------------------------------------------------------------------------------
// Paid answers: fault hooks, "no data", the ledger

interface PaidAnswer {
  costMilli: number;
  body: (creditsLeftMilli: number) => unknown;
}

/**
 * Every paid endpoint answers through here, so fault hooks, the "no data → no charge" rule and the
 * balance check (api-ref#credits) behave the same everywhere.
 */
export async function answerPaid(
  ctx: RouteContext,
  triggers: string[],
  produce: () => PaidAnswer | null,
): Promise<Reply> {
  const { state } = ctx;
  const hit = findFault(triggers);
  let malformed = false;
  if (hit !== null) {
    switch (hit.fault) {
      case '500':
        return detail(500, 'Internal server error');
      case '429':
        return throttled(1);
      case 'html':
        return htmlNotFound();
      case '422':
        return fieldError('handle', 'Invalid handle');
      case '402':
        return insufficientCredits();
      case 'flaky':
        if (!state.flakySeen.has(hit.value)) {
          state.flakySeen.add(hit.value);
          return detail(503, 'Service temporarily unavailable');
        }
        break;
      case 'slow':
        await sleep(state.options.slowMs);
        break;
      case 'malformed':
        malformed = true;
        break;
    }
  }
  if (triggers.some(isGhost)) return noData();
  const answer = produce();
  if (answer === null) return noData();
  if (!state.ledger.charge(ctx.path, answer.costMilli)) return insufficientCredits();
  const body = answer.body(state.ledger.availableMilliCredits);
  // fault_malformed: the data went out (cut short), so the call stays charged.
  return malformed ? { kind: 'truncated-json', status: 200, body } : json(200, body);
}

export function cost(state: MockState, operation: keyof MockPrices): number {
  return state.priceMilli(operation);
}

function notJson(ctx: RouteContext): Reply | null {
  return ctx.bodyError === null ? null : detail(400, `JSON parse error - ${ctx.bodyError}`);
}

// ---------------------------------------------------------------------------------------------
// Discovery (api-ref#discovery, api-ref#similar) and overlap (api-ref#overlap)

export function envelope(price: number, result: unknown) {
  return { credits_cost: fromMilli(price), result };
}

export function withJsonBody(handler: Handler): Handler {
  return (ctx) => notJson(ctx) ?? handler(ctx);
}
