import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discover } from '../../commands/discover/index.ts';
import { share } from '../../commands/share.ts';
import { DISCOVERY_PLATFORMS } from '../../src/ic/platforms.ts';
import { allFiltersAtOnce } from '../discovery/filter-cases.ts';
import { expectValidBlockKit } from '../support/block-kit.ts';
import { type Harness, startHarness } from '../support/harness.ts';

/** Every /discover filter, submitted through the modal, reaches the API under its documented key. */

type Json = Record<string, unknown>;

const DISCOVERY = '/public/v1/discovery/';

const option = (value: string, label = value) => ({
  text: { type: 'plain_text' as const, text: label },
  value,
});

describe('/discover filters end to end', () => {
  let h: Harness;
  const discoveryRequests = () => h.api.requests.filter((r) => r.path === DISCOVERY);

  beforeAll(async () => {
    h = await startHarness({ features: [share, discover] });
  });
  afterAll(async () => {
    await h.stop();
  });

  function submitSearch(privateMetadata: string, values: Record<string, Record<string, Json>>) {
    return h.submitView({ callback_id: 'discover_search', private_metadata: privateMetadata, values });
  }

  const aiSearch = (text: string) => ({
    ai_search: { discover_ai_search: { type: 'plain_text_input', value: text } },
  });

  describe('every filter lands under its API key, on every platform', () => {
    it.each(DISCOVERY_PLATFORMS)('%s', async (platform) => {
      const responseId = `table-${platform}`;
      const metadata = JSON.stringify({
        c: 'C0CHANNEL',
        u: h.slack.responseUrl(responseId),
        t: Date.now(),
        p: platform,
      });
      const { state, expect: filters } = allFiltersAtOnce(platform);
      const before = discoveryRequests().length;
      const response = await submitSearch(metadata, {
        ...aiSearch('vegan recipes'),
        platform: { discover_platform: { type: 'static_select', selected_option: option(platform) } },
        ...(state as Record<string, Record<string, Json>>),
      });
      expect(response.text).toBe('');
      const posted = await h.slack.waitForResponse(responseId);
      expectValidBlockKit(posted.body as { text: string; blocks: unknown }, 'message');
      const sent = discoveryRequests().slice(before);
      expect(sent).toHaveLength(1);
      expect(sent[0]?.body).toEqual({
        platform,
        paging: { limit: 10, page: 0 },
        sort: { sort_by: 'relevancy', sort_order: 'desc' },
        filters: { ai_search: 'vegan recipes', ...filters },
      });
    });
  });
});
