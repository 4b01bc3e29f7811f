// The playground page's state and its one call to the playground server.

export const state = {
  user: localStorage.getItem('scout-playground-user') || 'U0MEMBER',
  tab: 'C0MARKETING',
  version: -1,
  data: null,
  rendered: { messages: '', modal: '', modalErrors: '', home: '' },
  poll: null,
};

export function send(path, body) {
  return fetch(`${path}?user=${encodeURIComponent(state.user)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  }).then((r) => r.json());
}
