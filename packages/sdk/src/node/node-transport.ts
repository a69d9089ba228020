// The Node transport: node:https with the group CA as the only trust anchor (fetch in Node cannot
// take a CA per request), or node:http for a loopback server started with --api-tls off.
import { request as httpsRequest } from 'node:https';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import type { HttpTransport } from '../http-transport.ts';
import { VigilApiError } from '../vigil-api-error.ts';

export interface NodeTransportOptions {
  /** https://host:5724 (or http://127.0.0.1:port for a loopback server without TLS). */
  readonly baseUrl: string;
  /** PEM of the group CA; without it the system's CAs are trusted. */
  readonly caPem?: string;
  readonly timeoutMs?: number;
}

const MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

export function createNodeTransport(options: NodeTransportOptions): HttpTransport {
  const origin = options.baseUrl.replace(/\/+$/, '');
  const url = new URL(origin);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new VigilApiError('BAD_SERVER_URL', `Server address ${origin} must start with https:// (or http:// for a loopback server).`, 0);
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  const timeoutMs = options.timeoutMs ?? 30_000;
  return {
    baseUrl: origin,
    send(request) {
      return new Promise((resolve, reject) => {
        const req = send(
          origin + request.path,
          { method: request.method, headers: request.headers, timeout: timeoutMs, ...(options.caPem && url.protocol === 'https:' ? { ca: options.caPem } : {}) },
          (res: IncomingMessage) => {
            const chunks: Buffer[] = [];
            let size = 0;
            res.on('data', (chunk: Buffer) => {
              size += chunk.length;
              if (size > MAX_RESPONSE_BYTES) req.destroy(new Error(`response larger than ${MAX_RESPONSE_BYTES} bytes`));
              else chunks.push(chunk);
            });
            res.on('end', () => {
              const headers: Record<string, string | undefined> = {};
              for (const [key, value] of Object.entries(res.headers)) headers[key] = Array.isArray(value) ? value.join(', ') : value;
              resolve({ status: res.statusCode ?? 0, headers, body: Buffer.concat(chunks).toString('utf8') });
            });
            res.on('error', (error) => reject(unreachable(origin, error)));
          },
        );
        req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
        req.on('error', (error) => reject(unreachable(origin, error)));
        if (request.body !== undefined) req.write(request.body);
        req.end();
      });
    },
  };
}

function unreachable(origin: string, error: Error & { code?: string }): VigilApiError {
  const tlsHint = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY/.test(error.code ?? '')
    ? ' The server certificate is not trusted: pass the group CA with --ca-file (vigil up writes it to <data>/ca.pem).'
    : '';
  return new VigilApiError('UNREACHABLE', `Cannot reach the Vigil SDK API at ${origin}: ${error.message}.${tlsHint}`, 0, { reason: error.code ?? error.message }, { cause: error });
}
