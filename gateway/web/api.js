// The HTTP API: JSON in and out, the signed-in user's token, and problems as human messages.
import { humanProblem } from './messages.js';

export const session = {
  token: localStorage.getItem('token'),
  user: localStorage.getItem('user'),
};

export function signIn(token, user) {
  Object.assign(session, { token, user });
  localStorage.setItem('token', token);
  localStorage.setItem('user', user);
}

export function signOut() {
  Object.assign(session, { token: null, user: null });
  localStorage.removeItem('token');
  localStorage.removeItem('user');
}

/** `{ok, status, body, message}`: `message` says what went wrong, for people. */
export async function api(method, path, { json, headers = {} } = {}) {
  let response;
  try {
    response = await fetch(path, {
      method,
      headers: {
        accept: 'application/json',
        ...(json !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(session.token ? { authorization: `Bearer ${session.token}` } : {}),
        ...headers,
      },
      body: json !== undefined ? JSON.stringify(json) : undefined,
    });
  } catch {
    return {
      ok: false,
      status: 0,
      body: { code: 'network' },
      message: humanProblem({ code: 'network' }, 0),
    };
  }
  const text = await response.text();
  let body = {};
  try {
    body = text ? JSON.parse(text) : {};
  } catch {
    body = {};
  }
  return {
    ok: response.ok,
    status: response.status,
    body,
    message: response.ok ? '' : humanProblem(body, response.status),
  };
}

/** A page of a list, whichever name the API gives its items. */
export const itemsOf = (body) => body?.items ?? body?.auctions ?? [];
