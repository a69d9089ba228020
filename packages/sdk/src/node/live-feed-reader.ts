// The live feed from Node (CLI, connectors): GET /api/v1/live as a stream of LiveEvents over
// node:https with the group CA, or node:http on loopback.
import { request as httpsRequest } from 'node:https';
import { request as httpRequest } from 'node:http';
import type { LiveEvent } from '@vigil/protocol';
import { createSseParser } from '../live-feed-parser.ts';
import { VigilApiError } from '../vigil-api-error.ts';

export interface LiveFeedOptions {
  readonly baseUrl: string;
  readonly caPem?: string;
  readonly token: string;
  readonly kinds?: ReadonlyArray<'state-change' | 'alert'>;
  readonly maxEvents?: number;
}

export interface LiveFeed {
  /** Resolves when the stream ends (server closed it, maxEvents reached, or close()). */
  readonly done: Promise<void>;
  close(): void;
}

export function openLiveFeed(options: LiveFeedOptions, onEvent: (event: LiveEvent) => void): LiveFeed {
  const origin = options.baseUrl.replace(/\/+$/, '');
  const https = origin.startsWith('https:');
  const query = new URLSearchParams();
  if (options.kinds) query.set('kinds', options.kinds.join(','));
  if (options.maxEvents) query.set('maxEvents', String(options.maxEvents));
  const qs = query.size > 0 ? `?${query.toString()}` : '';
  let req: ReturnType<typeof httpRequest> | undefined;
  const done = new Promise<void>((resolve, reject) => {
    req = (https ? httpsRequest : httpRequest)(
      `${origin}/api/v1/live${qs}`,
      { headers: { accept: 'text/event-stream', authorization: `Bearer ${options.token}` }, ...(https && options.caPem ? { ca: options.caPem } : {}) },
      (res) => {
        if ((res.statusCode ?? 0) >= 400) {
          let body = '';
          res.on('data', (c: Buffer) => (body += c.toString('utf8')));
          res.on('end', () => {
            const error = (JSON.parse(body || '{}') as { error?: { code: string; message: string } }).error;
            reject(new VigilApiError(error?.code ?? 'HTTP_ERROR', error?.message ?? `HTTP ${res.statusCode}`, res.statusCode ?? 0));
          });
          return;
        }
        const parser = createSseParser();
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          for (const event of parser.push(chunk)) onEvent(event);
        });
        res.on('end', () => resolve());
        res.on('close', () => resolve());
      },
    );
    req.on('error', (error) => (error.message === 'closed' ? resolve() : reject(new VigilApiError('UNREACHABLE', `Cannot reach the Vigil SDK API at ${origin}: ${error.message}.`, 0))));
    req.end();
  });
  return { done, close: () => req?.destroy(new Error('closed')) };
}
