import type { MockApi } from '../../mock-api/server.ts';

/** The double's default bearer key (mock-api/state.ts). */
const TEST_KEY = 'test-key';

/** A JSON POST to the API double, authorised with the test key, as the client sends it. */
export function postJson(api: MockApi, path: string, body: unknown): Promise<Response> {
  return fetch(`${api.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TEST_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}
