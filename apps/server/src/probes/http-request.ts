// One HTTP(S) GET for the HTTP and Prometheus probes, with what node:https exposes and fetch does
// not: the peer certificate (expiry) and a private CA. Expected failures resolve as values.
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { PeerCertificate, TLSSocket } from 'node:tls';

export interface HttpRequestOptions {
  readonly url: string;
  readonly method?: string;
  readonly timeoutMs: number;
  readonly signal: AbortSignal;
  readonly userAgent: string;
  readonly caPem?: string;
  /** Accept any certificate (expiry is still reported). */
  readonly insecure?: boolean;
  readonly maxBodyBytes?: number;
  readonly headers?: Readonly<Record<string, string>>;
}

export type HttpResult =
  | { readonly kind: 'response'; readonly status: number; readonly body: string; readonly certificate: PeerCertificate | null; readonly truncated: boolean }
  | { readonly kind: 'failed'; readonly error: Error };

export function httpGet(options: HttpRequestOptions): Promise<HttpResult> {
  const url = new URL(options.url);
  const isHttps = url.protocol === 'https:';
  const limit = options.maxBodyBytes ?? 1_048_576;
  return new Promise((resolve) => {
    const done = (result: HttpResult): void => resolve(result);
    const req = (isHttps ? httpsRequest : httpRequest)(
      url,
      {
        method: options.method ?? 'GET',
        signal: options.signal,
        timeout: options.timeoutMs,
        headers: { 'user-agent': options.userAgent, ...options.headers },
        ...(isHttps ? { ca: options.caPem, rejectUnauthorized: !options.insecure, agent: false } : { agent: false }),
      },
      (res: IncomingMessage) => {
        const certificate = isHttps ? (res.socket as TLSSocket).getPeerCertificate?.() ?? null : null;
        const chunks: Buffer[] = [];
        let size = 0;
        let truncated = false;
        res.on('data', (chunk: Buffer) => {
          if (size >= limit) return void (truncated = true);
          chunks.push(chunk);
          size += chunk.length;
        });
        res.once('end', () => done({ kind: 'response', status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), certificate, truncated }));
        res.once('error', (error) => done({ kind: 'failed', error }));
      },
    );
    req.once('timeout', () => req.destroy(Object.assign(new Error(`no response within ${options.timeoutMs} ms`), { code: 'ETIMEDOUT' })));
    req.once('error', (error) => done({ kind: 'failed', error }));
    req.end();
  });
}

/** Whole days until the certificate expires (negative once expired); null without a certificate. */
export function certificateDaysLeft(certificate: PeerCertificate | null, nowMs: number): number | null {
  if (!certificate || !certificate.valid_to) return null;
  return Math.floor((Date.parse(certificate.valid_to) - nowMs) / 86_400_000);
}
