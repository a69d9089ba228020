// `vigil web`: the web console server role. Serves the built console (apps/console/dist) on
// http://127.0.0.1:8080 and forwards /api/* to a management server's SDK API over HTTPS,
// trusting the group CA — so a browser on this machine gets the console without a certificate
// warning. Every management server also serves the same console itself at https://<ms>:5724/;
// use that for remote browsers (plain HTTP is loopback-only here, because the console's session
// cookies are Secure and browsers accept them over plain HTTP on loopback only).
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { request as httpRequest } from 'node:http';
import { extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { VigilError } from '@vigil/core';
import { readCaFile } from '../console/api-connection.ts';
import { runUntilSignal } from '../roles/run-until-signal.ts';

const CONSOLE_DIR = fileURLToPath(new URL('../../../console/dist', import.meta.url));
const DEFAULT_SERVER = 'https://127.0.0.1:5724';
const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/;
const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.svg': 'image/svg+xml', '.png': 'image/png', '.woff2': 'font/woff2', '.map': 'application/json' };
const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};
/** Hop-by-hop headers are not forwarded (RFC 9110 §7.6.1). */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer', 'host']);

interface WebFlags {
  readonly server?: string;
  readonly caFile?: string;
  readonly data?: string;
  readonly host: string;
  readonly port: string;
}

export function registerWebCommand(program: Command): void {
  program
    .command('web')
    .description('serve the web console on this machine (http://127.0.0.1:8080) and forward its API calls to a management server')
    .option('--server <url>', `the management server's SDK API address (default ${DEFAULT_SERVER})`)
    .option('--ca-file <file>', 'the group CA certificate to trust (PEM); default <data>/ca.pem')
    .option('--data <dir>', 'data folder of a local `vigil up` group: its ca.pem is trusted', 'vigil-data')
    .option('--host <address>', 'address to listen on (loopback only: the console\'s cookies need HTTPS elsewhere)', '127.0.0.1')
    .option('--port <n>', 'port to listen on (0 = any free port)', '8080')
    .addHelpText('after', '\nEvery management server also serves the console itself at https://<server>:5724/ (trust the group CA, ca.pem, in the browser).\n\nExample:\n  vigil web --data ./vigil-data            # then open http://127.0.0.1:8080/')
    .action(async (flags: WebFlags) => {
      const server = new URL((flags.server ?? DEFAULT_SERVER).replace(/\/+$/, ''));
      if (!LOOPBACK.test(flags.host)) {
        throw new VigilError('CONFIG_INVALID', { key: '--host', problem: `is ${flags.host}; the console's Secure session cookies only work over plain HTTP on loopback`, allowed: `127.0.0.1, ::1 or localhost; for remote browsers use the management server's own console at ${server.origin}/` });
      }
      const port = Number(flags.port);
      if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new VigilError('CONFIG_INVALID', { key: '--port', problem: `is ${flags.port}`, allowed: '0 to 65535' });
      const caPath = flags.caFile ?? join(resolve(flags.data ?? 'vigil-data'), 'ca.pem');
      const caPem = server.protocol === 'https:' && (flags.caFile || existsSync(caPath)) ? readCaFile(caPath) : undefined;
      if (!existsSync(join(CONSOLE_DIR, 'index.html'))) {
        process.stderr.write('The web console is not built yet: run `npm run build:console` (npm start builds it too).\n');
      }

      const web = createServer((req, res) => {
        const path = (req.url ?? '/').split('?')[0]!;
        if (path === '/api' || path.startsWith('/api/')) forward(req, res, server, caPem);
        else serveStatic(path, req, res);
      });
      await new Promise<void>((resolveListen, rejectListen) => {
        web.once('error', (error: NodeJS.ErrnoException) => rejectListen(error.code === 'EADDRINUSE' ? new VigilError('PORT_IN_USE', { port, host: flags.host, flag: '--port' }, { cause: error }) : error));
        web.listen(port, flags.host, resolveListen);
      });
      const address = web.address();
      const bound = typeof address === 'object' && address ? address.port : port;
      const host = flags.host.includes(':') ? `[${flags.host}]` : flags.host;
      process.stdout.write([
        `Vigil web console on http://${host}:${bound}/`,
        `  SDK API            ${server.origin}/api/v1${caPem ? `  (trusting ${caPath})` : ''}`,
        'Press Ctrl-C to stop.',
      ].join('\n') + '\n');
      await runUntilSignal(
        () => new Promise<void>((done) => { web.closeAllConnections(); web.close(() => done()); }),
        () => process.stdout.write('\nStopping the web console…\n'),
      );
    });
}

/** Streams the request to the SDK API and the answer back (Server-Sent Events included). */
function forward(req: IncomingMessage, res: ServerResponse, server: URL, caPem: string | undefined): void {
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(req.headers)) if (value !== undefined && !HOP_BY_HOP.has(name)) headers[name] = value;
  headers.host = server.host;
  const send = server.protocol === 'https:' ? httpsRequest : httpRequest;
  const upstream = send(
    { protocol: server.protocol, hostname: server.hostname.replace(/^\[|\]$/g, ''), port: server.port || (server.protocol === 'https:' ? 443 : 80), method: req.method, path: req.url, headers, ...(caPem ? { ca: caPem } : {}) },
    (answer) => {
      const back: Record<string, string | string[]> = {};
      for (const [name, value] of Object.entries(answer.headers)) if (value !== undefined && !HOP_BY_HOP.has(name)) back[name] = value;
      res.writeHead(answer.statusCode ?? 502, back);
      answer.pipe(res);
    },
  );
  upstream.on('error', (error) => {
    if (res.headersSent) { res.destroy(); return; }
    res.writeHead(502, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: { code: 'UNREACHABLE', message: `The management server at ${server.origin} did not answer (${error.message}). Start it, or pass --server.` } }));
  });
  req.on('aborted', () => upstream.destroy());
  res.on('close', () => upstream.destroy());
  req.pipe(upstream);
}

function serveStatic(path: string, req: IncomingMessage, res: ServerResponse): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD' }).end();
    return;
  }
  const file = path === '/' || path === '/index.html' ? 'index.html' : /^\/(assets\/[A-Za-z0-9._-]+|favicon\.svg)$/.exec(path)?.[1];
  const full = file ? join(CONSOLE_DIR, file) : undefined;
  if (!full || !existsSync(full)) {
    if (file === 'index.html') {
      res.writeHead(503, { 'content-type': 'text/html; charset=utf-8', ...SECURITY_HEADERS }).end('<!doctype html><title>Vigil</title><p>The Vigil web console is not built: run <code>npm run build:console</code>, then reload.</p>');
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
    return;
  }
  const cache = file === 'index.html' ? 'no-cache' : file!.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'public, max-age=86400';
  res.writeHead(200, { 'content-type': TYPES[extname(full)] ?? 'application/octet-stream', 'cache-control': cache, ...SECURITY_HEADERS });
  if (req.method === 'HEAD') res.end();
  else if (file === 'index.html') res.end(readFileSync(full));
  else createReadStream(full).pipe(res);
}
