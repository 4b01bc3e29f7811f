import { z } from 'zod';
import { num, toNumber } from './common.ts';

/** The account's credit balance (api-ref#account-credits). */

export const creditsResponseSchema = z.looseObject({
  credits_available: z.unknown().transform((v, ctx) => {
    const n = toNumber(v);
    if (n === null) {
      ctx.addIssue({ code: 'custom', message: 'credits_available is not a number' });
      return z.NEVER;
    }
    return n;
  }),
  credits_used: num,
});
