// What a certificate lets its holder be in the management group. The role is written by the CA
// into the subject's organisational unit (OU); the CA alone chooses the subject, so a server can
// trust the OU of a certificate that chains to the group CA to tell agent from gateway from MS.
import type { JsonNameParams } from '@peculiar/x509';
import { verbatimValue, type CertificateName } from './certificate-name.ts';

export type CertificateRole = 'management-server' | 'gateway' | 'agent';

/** Extended key usage OIDs (RFC 5280 4.2.1.12). */
const SERVER_AUTH = '1.3.6.1.5.5.7.3.1';
const CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';

export const CERTIFICATE_ROLES: readonly CertificateRole[] = ['management-server', 'gateway', 'agent'];

/**
 * Extended key usages per role. Agents only ever dial out, so their certificates cannot serve TLS;
 * gateways and management servers both accept links and open them.
 */
export const ROLE_KEY_USAGES: Readonly<Record<CertificateRole, readonly string[]>> = {
  'management-server': [SERVER_AUTH, CLIENT_AUTH],
  gateway: [SERVER_AUTH, CLIENT_AUTH],
  agent: [CLIENT_AUTH],
};

export function isCertificateRole(value: unknown): value is CertificateRole {
  return typeof value === 'string' && (CERTIFICATE_ROLES as readonly string[]).includes(value);
}

/**
 * Subject of an issued certificate: O = group, OU = role, CN = the machine's name, each value
 * written verbatim (pass it to `new x509.Name`).
 */
export function subjectFor(groupName: string, role: CertificateRole, commonName: string): JsonNameParams {
  return [{ O: [verbatimValue(groupName)] }, { OU: [verbatimValue(role)] }, { CN: [verbatimValue(commonName)] }];
}

/** The role written in a certificate's subject, or undefined when it has none or several. */
export function roleFromSubject(subject: CertificateName): CertificateRole | undefined {
  const units = subject.getField('OU');
  const [role] = units;
  return units.length === 1 && isCertificateRole(role) ? role : undefined;
}

export function commonNameFromSubject(subject: CertificateName): string {
  return subject.getField('CN')[0] ?? '';
}

/** The management group named in a certificate's subject (its O); '' when it has none. */
export function groupNameFromSubject(subject: CertificateName): string {
  return subject.getField('O')[0] ?? '';
}
