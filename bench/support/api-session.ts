// Signs in to a benchmark management server's SDK API as its first administrator (the password
// `vigil up` and every server write to <data>/admin-password.txt on first start) and returns a
// GET helper that answers with the parsed JSON, so a benchmark times what a console waits for.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ApiSession {
  getJson(path: string): Promise<unknown>;
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
  return {
    async getJson(path) {
      const answer = await fetch(new URL(path, apiUrl), { headers: { authorization: `Bearer ${token}` } });
      if (!answer.ok) throw new Error(`GET ${path}: ${answer.status} ${await answer.text()}`);
      return answer.json();
    },
  };
}
