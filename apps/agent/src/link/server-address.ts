// Management server addresses as the agent holds them: `host:port` text on the command line and
// in the persisted failover list, `{ host, port }` on the wire. Parsing is the only check.
import { VigilError } from '@vigil/core/errors';
import type { ServerAddress } from '@vigil/protocol/link';

export const DEFAULT_LINK_PORT = 5723;

/** `host:port`, `host` (default port 5723), `[v6]:port`. Throws CONFIG_INVALID naming `key`. */
export function parseServerAddress(text: string, key = 'server'): ServerAddress {
  const trimmed = text.trim();
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(trimmed);
  const plain = /^([^:[\]\s]+)(?::(\d+))?$/.exec(trimmed);
  const match = bracketed ?? plain;
  const port = match?.[2] === undefined ? DEFAULT_LINK_PORT : Number(match[2]);
  if (!match || !Number.isInteger(port) || port < 1 || port > 65_535 || match[1]!.length > 253) {
    throw new VigilError('CONFIG_INVALID', { key, problem: `is ${JSON.stringify(text)}`, allowed: 'HOST:PORT, e.g. ms1.example.com:5723' });
  }
  return { host: match[1]!, port };
}

/** A comma-separated list; empty entries are ignored. */
export function parseServerList(text: string | undefined, key = 'failover'): ServerAddress[] {
  if (text === undefined) return [];
  return text.split(',').filter((part) => part.trim() !== '').map((part) => parseServerAddress(part, key));
}

export function formatServerAddress(address: ServerAddress): string {
  return address.host.includes(':') ? `[${address.host}]:${address.port}` : `${address.host}:${address.port}`;
}

export function sameServer(a: ServerAddress, b: ServerAddress): boolean {
  return a.host.toLowerCase() === b.host.toLowerCase() && a.port === b.port;
}

/** Keeps the first occurrence of each server, in order. */
export function dedupeServers(servers: readonly ServerAddress[]): ServerAddress[] {
  const kept: ServerAddress[] = [];
  for (const server of servers) if (!kept.some((k) => sameServer(k, server))) kept.push({ host: server.host, port: server.port });
  return kept;
}

export function linkUrl(address: ServerAddress): string {
  return `wss://${formatServerAddress(address)}/link`;
}
