// Addresses as the gateway holds them: `host:port` text in its configuration, `{ host, port }`
// on the wire. The same forms the agent accepts (host, host:port, [v6]:port; default port 5723).
import { VigilError } from '@vigil/core/errors';
import type { ServerAddress } from '@vigil/protocol/link';

export const DEFAULT_LINK_PORT = 5723;

/** Throws CONFIG_INVALID naming `key`. */
export function parseAddress(text: string, key: string): ServerAddress {
  const trimmed = text.trim();
  const match = /^\[([^\]]+)\](?::(\d+))?$/.exec(trimmed) ?? /^([^:[\]\s]+)(?::(\d+))?$/.exec(trimmed);
  const port = match?.[2] === undefined ? DEFAULT_LINK_PORT : Number(match[2]);
  if (!match || !Number.isInteger(port) || port < 0 || port > 65_535 || match[1]!.length > 253) {
    throw new VigilError('CONFIG_INVALID', { key, problem: `is ${JSON.stringify(text)}`, allowed: 'HOST:PORT, e.g. ms1.example.com:5723' });
  }
  return { host: match[1]!, port };
}

export function parseAddressList(text: string | undefined, key: string): ServerAddress[] {
  if (text === undefined) return [];
  return text.split(',').filter((part) => part.trim() !== '').map((part) => parseAddress(part, key));
}

export function formatAddress(address: ServerAddress): string {
  return address.host.includes(':') ? `[${address.host}]:${address.port}` : `${address.host}:${address.port}`;
}

export function sameAddress(a: ServerAddress, b: ServerAddress): boolean {
  return a.host.toLowerCase() === b.host.toLowerCase() && a.port === b.port;
}

export function isIpAddress(host: string): boolean {
  return /^\d+\.\d+\.\d+\.\d+$/.test(host) || host.includes(':');
}
