import { cacheKeyFor } from '../../src/budget/lookup-cache.ts';
import { parseCreatorRef } from '../../src/creator-ref.ts';
import type { Feature } from '../../src/feature.ts';
import type { EnrichFullRequest } from '../../src/ic/schemas.ts';
import { answerCommand } from '../../src/slack/respond.ts';

/**
 * `/paidtest <handle>`: a minimal paid command wired the way the real lookup commands are
 * (parseCreatorRef → lookups.run with a key from the normalised request → answerCommand), so budget
 * tests can drive the guard from Slack without depending on another feature's command.
 */
export const paidLookup: Feature = {
  name: 'paid-lookup-test',
  register(app, deps) {
    app.command('/paidtest', async ({ ack, command, respond }) => {
      const ref = parseCreatorRef(command.text, 'instagram');
      const handle = ref.kind === 'handle' ? ref.handle : command.text.trim();
      const request: EnrichFullRequest = { platform: 'instagram', handle };
      await answerCommand({
        ack,
        respond,
        log: deps.log,
        loading: 'Looking up…',
        what: `the lookup of @${request.handle}`,
        work: async () => {
          const result = await deps.lookups.run({
            team: command.team_id,
            user: command.user_id,
            feature: 'creator',
            operation: 'enrich_full',
            params: request,
            summary: `@${request.handle}`,
            cacheKey: cacheKeyFor('enrich_full', request),
            ttlMs: 60_000,
            call: () => deps.ic.enrichHandleFull(request),
          });
          return { text: `found, ${result.creditsCost} spent`, blocks: [] };
        },
      });
    });
  },
};
