// The web console, served by the management server next to the SDK API it calls (same origin,
// so the console's cookie session and CSRF token work with no CORS). The console is a static
// Vite build (apps/console/dist); `npm start` builds it when it is missing or stale. Routes here
// are public (the files hold no data; every call they make goes through the API's access
// control) and hidden from the OpenAPI document. Registered by startApi only, so API route tests
// (buildApi) see exactly the API.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';

/** apps/console/dist in this repository (the server and the console ship together). */
export const DEFAULT_CONSOLE_DIR = fileURLToPath(new URL('../../../console/dist', import.meta.url));
/** Where the console lives in the browser; `/` redirects here. */
export const CONSOLE_PATH = '/';

// The console loads only its own files and calls only its own origin; uPlot sizes charts with
// inline styles, hence style-src 'unsafe-inline'. Pages cannot be framed (clickjacking).
const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
} as const;

const NOT_BUILT_PAGE = `<!doctype html><meta charset="utf-8"><title>Vigil</title>
<body style="font:15px system-ui;margin:3rem;color:#1f2937"><h1>The Vigil web console is not built</h1>
<p>Build it with <code>npm run build:console</code> (or restart with <code>npm start</code>, which builds it when needed), then reload this page.</p>
<p>The SDK API works meanwhile: <a href="/api/v1/health">/api/v1/health</a>.</p></body>`;

const PUBLIC = { access: { public: true } } as const;
const HIDDEN = { hide: true } as const;

/** Serves the built console at `/` (index.html, never cached) and `/assets/*` (hashed, immutable). */
export async function serveConsole(app: FastifyInstance, consoleDir: string = DEFAULT_CONSOLE_DIR): Promise<void> {
  const built = existsSync(join(consoleDir, 'index.html'));
  if (built) await app.register(fastifyStatic, { root: consoleDir, serve: false });

  const sendIndex = (reply: FastifyReply): FastifyReply => {
    void reply.headers(SECURITY_HEADERS);
    if (!built) return reply.type('text/html; charset=utf-8').send(NOT_BUILT_PAGE);
    return reply.sendFile('index.html', { maxAge: 0, immutable: false, cacheControl: true });
  };

  app.get(CONSOLE_PATH, { schema: HIDDEN, config: PUBLIC }, async (_request, reply) => sendIndex(reply));
  app.get('/index.html', { schema: HIDDEN, config: PUBLIC }, async (_request, reply) => sendIndex(reply));
  app.get('/assets/*', { schema: HIDDEN, config: PUBLIC }, async (request, reply) => {
    const file = (request.params as { '*': string })['*'];
    if (!built || !/^[A-Za-z0-9._-]+$/.test(file)) return reply.code(404).send();
    void reply.headers(SECURITY_HEADERS);
    return reply.sendFile(join('assets', file), { maxAge: '365d', immutable: true });
  });
  app.get('/favicon.svg', { schema: HIDDEN, config: PUBLIC }, async (_request, reply) => {
    if (!built || !existsSync(join(consoleDir, 'favicon.svg'))) return reply.code(404).send();
    return reply.sendFile('favicon.svg', { maxAge: '1d', immutable: false });
  });
}
