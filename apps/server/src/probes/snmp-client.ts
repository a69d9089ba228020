// The part of net-snmp the SNMP probe uses, typed here (the package ships no types) and wrapped
// as promises. v1/v2c use a community; v3 a USM user. Values are normalised: Counter64 (a
// big-endian buffer) becomes a number, octet strings become text.
import { createRequire } from 'node:module';

interface NetSnmpVarbind {
  readonly oid: string;
  readonly type: number;
  readonly value: unknown;
}
interface NetSnmpSession {
  get(oids: string[], callback: (error: Error | null, varbinds?: NetSnmpVarbind[]) => void): void;
  subtree(oid: string, maxRepetitions: number, feed: (varbinds: NetSnmpVarbind[]) => boolean | void, done: (error?: Error | null) => void): void;
  close(): void;
  on(event: 'error', listener: (error: Error) => void): void;
}
interface NetSnmpModule {
  readonly Version1: number;
  readonly Version2c: number;
  readonly Version3: number;
  readonly SecurityLevel: Readonly<Record<'noAuthNoPriv' | 'authNoPriv' | 'authPriv', number>>;
  readonly AuthProtocols: Readonly<Record<string, number>>;
  readonly PrivProtocols: Readonly<Record<string, number>>;
  readonly ObjectType: Readonly<Record<string, number>>;
  createSession(target: string, community: string, options: object): NetSnmpSession;
  createV3Session(target: string, user: object, options: object): NetSnmpSession;
  isVarbindError(varbind: NetSnmpVarbind): boolean;
  varbindError(varbind: NetSnmpVarbind): string;
}

const snmp = createRequire(import.meta.url)('net-snmp') as NetSnmpModule;

export type SnmpVersion = '1' | '2c' | '3';
export type SnmpSecurityLevel = 'noAuthNoPriv' | 'authNoPriv' | 'authPriv';

export interface SnmpV3User {
  readonly name: string;
  readonly level: SnmpSecurityLevel;
  readonly authProtocol?: 'md5' | 'sha' | 'sha224' | 'sha256' | 'sha384' | 'sha512';
  readonly authKey?: string;
  readonly privProtocol?: 'des' | 'aes' | 'aes256b' | 'aes256r';
  readonly privKey?: string;
}

export interface SnmpTarget {
  readonly host: string;
  readonly port?: number;
  readonly version: SnmpVersion;
  readonly community?: string;
  readonly user?: SnmpV3User;
  readonly timeoutMs: number;
}

export interface SnmpValue {
  readonly oid: string;
  readonly value: string | number | null;
  /** Set when the agent answered "noSuchObject"/"noSuchInstance"/"endOfMibView" for this OID. */
  readonly error?: string;
}

export interface SnmpClient {
  get(oids: readonly string[]): Promise<SnmpValue[]>;
  walk(baseOid: string): Promise<SnmpValue[]>;
  close(): void;
}

export function openSnmpClient(target: SnmpTarget): SnmpClient {
  const options = { port: target.port ?? 161, retries: 0, timeout: target.timeoutMs, version: snmp[`Version${target.version}` as 'Version1'] };
  const session =
    target.version === '3'
      ? snmp.createV3Session(target.host, v3User(target.user!), options)
      : snmp.createSession(target.host, target.community ?? 'public', options);
  session.on('error', () => {});
  return {
    get: (oids) =>
      new Promise((resolve, reject) => {
        session.get([...oids], (error, varbinds) => (error ? reject(error) : resolve((varbinds ?? []).map(normalise))));
      }),
    walk: (baseOid) =>
      new Promise((resolve, reject) => {
        const values: SnmpValue[] = [];
        session.subtree(baseOid, 20, (varbinds) => void values.push(...varbinds.map(normalise)), (error) => (error ? reject(error) : resolve(values)));
      }),
    close: () => {
      try {
        session.close();
      } catch {
        // already closed
      }
    },
  };
}

function v3User(user: SnmpV3User): object {
  return {
    name: user.name,
    level: snmp.SecurityLevel[user.level],
    ...(user.authProtocol ? { authProtocol: snmp.AuthProtocols[user.authProtocol], authKey: user.authKey } : {}),
    ...(user.privProtocol ? { privProtocol: snmp.PrivProtocols[user.privProtocol], privKey: user.privKey } : {}),
  };
}

function normalise(varbind: NetSnmpVarbind): SnmpValue {
  if (snmp.isVarbindError(varbind)) return { oid: varbind.oid, value: null, error: snmp.varbindError(varbind) };
  const { value } = varbind;
  if (varbind.type === snmp.ObjectType.Counter64 && Buffer.isBuffer(value)) {
    return { oid: varbind.oid, value: Number(value.length === 0 ? 0n : BigInt(`0x${value.toString('hex')}`)) };
  }
  if (Buffer.isBuffer(value)) return { oid: varbind.oid, value: value.toString('utf8') };
  if (typeof value === 'number' || typeof value === 'string') return { oid: varbind.oid, value };
  if (typeof value === 'bigint') return { oid: varbind.oid, value: Number(value) };
  return { oid: varbind.oid, value: value === null || value === undefined ? null : String(value) };
}
