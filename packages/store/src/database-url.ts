// What a --db value means: a postgres:// URL, or a path to the embedded SQLite file
// (a `sqlite:` prefix is accepted). Anything else is refused with a message that says what works.
import { resolve } from 'node:path';
import { VigilError } from '@vigil/core';

export type DatabaseLocation =
  | { readonly kind: 'sqlite'; readonly path: string }
  | { readonly kind: 'postgres'; readonly url: string };

export function parseDatabaseUrl(value: string): DatabaseLocation {
  const text = value.trim();
  if (/^postgres(ql)?:\/\//.test(text)) {
    try {
      new URL(text);
    } catch {
      throw new VigilError('DB_URL_UNSUPPORTED', { url: text });
    }
    return { kind: 'postgres', url: text };
  }
  if (text.startsWith('sqlite:')) return { kind: 'sqlite', path: sqlitePath(text.slice('sqlite:'.length).replace(/^\/\//, '')) };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text) || text === '') throw new VigilError('DB_URL_UNSUPPORTED', { url: text });
  return { kind: 'sqlite', path: sqlitePath(text) };
}

function sqlitePath(path: string): string {
  return path === ':memory:' ? path : resolve(path);
}

/** A location safe to print: the password of a PostgreSQL URL is masked. */
export function describeDatabase(location: DatabaseLocation): string {
  if (location.kind === 'sqlite') return `SQLite ${location.path}`;
  const url = new URL(location.url);
  if (url.password) url.password = '****';
  return `PostgreSQL ${url.toString()}`;
}
