// Signs in to a benchmark management server's SDK API as its first administrator (the password
// `vigil up` and every server write to <data>/admin-password.txt on first start) and returns a
// GET/POST helper that answers with the parsed JSON, so a benchmark times what a console waits for.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ApiSession {
  getJson(path: string): Promise<unknown>;
  postJson(path: string, body: unknown): Promise<unknown>;
}

export async function signInAsAdmin(apiUrl: string, dataDir: string): Promise<ApiSession> {
  const password = readFileSync(join(dataDir, 'admin-password.txt'), 'utf8').trim();
  const response = await fetch(new URL('/api/v1/auth/login', apiUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ user: 'admin', password, mode: 'token' }),
  });
  if (!response.ok) throw new Error(`sign-in failed: ${response.status} ${await response.text()}`);
  const { token } = (await response.json()) as { token: string };
  const call = async (method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> => {
    const answer = await fetch(new URL(path, apiUrl), {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!answer.ok) throw new Error(`${method} ${path}: ${answer.status} ${await answer.text()}`);
    return answer.json();
  };
  return {
    getJson: (path) => call('GET', path),
    postJson: (path, body) => call('POST', path, body),
  };
}
