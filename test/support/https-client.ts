// Test helper: JSON over HTTPS trusting only the given CA (the group's), as a console would.
import { request } from 'node:https';
import { request as httpRequest } from 'node:http';

export interface JsonResponse<T = unknown> {
  readonly status: number;
  readonly body: T;
}

export function getJson<T = unknown>(url: string, caPem?: string): Promise<JsonResponse<T>> {
  return new Promise((resolve, reject) => {
    const send = url.startsWith('https:') ? request : httpRequest;
    const req = send(url, { method: 'GET', ...(caPem ? { ca: caPem } : {}), timeout: 10_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        try {
          resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as T });
        } catch {
          reject(new Error(`not JSON from ${url}: ${text.slice(0, 200)}`));
        }
      });
    });
    req.on('error', reject);
    req.on('timeout', () => req.destroy(new Error(`timeout waiting for ${url}`)));
    req.end();
  });
}
