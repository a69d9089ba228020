// Branded identifiers: an AgentId cannot be passed where an ObjectId is expected, and every ID
// is checked when it enters the system (parse*), never cast in the middle of the code.
import { randomBytes } from 'node:crypto';
import { VigilError } from '../errors/vigil-error.ts';

declare const brand: unique symbol;
export type Brand<T, B extends string> = T & { readonly [brand]: B };

export type ManagementGroupId = Brand<string, 'ManagementGroupId'>;
export type ManagementServerId = Brand<string, 'ManagementServerId'>;
export type PoolId = Brand<string, 'PoolId'>;
export type AgentId = Brand<string, 'AgentId'>;
export type GatewayId = Brand<string, 'GatewayId'>;
export type CertificateId = Brand<string, 'CertificateId'>;
export type UserId = Brand<string, 'UserId'>;
export type RoleId = Brand<string, 'RoleId'>;
export type ObjectId = Brand<string, 'ObjectId'>;
export type AlertId = Brand<string, 'AlertId'>;
export type TenantId = Brand<string, 'TenantId'>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * A UUID version 7 (time-ordered): rows inserted together sit together in B-tree indexes,
 * which keeps inserts cheap at fleet scale.
 */
export function newUuid(nowMs: number = Date.now()): string {
  const bytes = randomBytes(16);
  let ms = nowMs;
  for (let i = 5; i >= 0; i--) {
    bytes[i] = ms % 256;
    ms = Math.floor(ms / 256);
  }
  bytes[6] = (bytes[6]! & 0x0f) | 0x70;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

/** Returns a parser for one branded ID kind; it throws VALIDATION_FAILED naming the kind. */
export function idParser<T extends Brand<string, string>>(kind: string): (value: unknown) => T {
  return (value) => {
    if (!isUuid(value)) {
      throw new VigilError('VALIDATION_FAILED', { what: `${kind} must be a UUID, got ${JSON.stringify(value)}.` });
    }
    return value as T;
  };
}

export function newId<T extends Brand<string, string>>(nowMs?: number): T {
  return newUuid(nowMs) as T;
}

export const parseManagementGroupId = idParser<ManagementGroupId>('management group id');
export const parseManagementServerId = idParser<ManagementServerId>('management server id');
export const parsePoolId = idParser<PoolId>('pool id');
export const parseAgentId = idParser<AgentId>('agent id');
export const parseGatewayId = idParser<GatewayId>('gateway id');
export const parseCertificateId = idParser<CertificateId>('certificate id');
export const parseUserId = idParser<UserId>('user id');
export const parseRoleId = idParser<RoleId>('role id');
export const parseObjectId = idParser<ObjectId>('object id');
export const parseAlertId = idParser<AlertId>('alert id');
export const parseTenantId = idParser<TenantId>('tenant id');
