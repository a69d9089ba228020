// The names a certificate may carry. They are checked before anything is signed, because they end
// up in log lines, in hostname checks and in the subject a server trusts: a CN such as
// "a, OU=management-server" must never get as far as the CA.
import { isIP } from 'node:net';
import type { VigilError } from '@vigil/core/errors';

/** Host-name-like: letters, digits, dot, dash and underscore, 1–64 characters (X.520 CN limit). */
const COMMON_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
/** RFC 1123 labels, optionally a leading wildcard label; at most 253 characters. */
const DNS_NAME = /^(\*\.)?([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

export interface SubjectNames {
  readonly commonName: string;
  readonly dnsNames: readonly string[];
  readonly ipAddresses: readonly string[];
}

/** Returns the names de-duplicated; throws `makeError(reason)` for the first unusable one. */
export function checkSubjectNames(names: SubjectNames, makeError: (reason: string) => VigilError): SubjectNames {
  if (!COMMON_NAME.test(names.commonName)) {
    throw makeError(`the common name must be 1 to 64 letters, digits, dots, dashes or underscores, got ${JSON.stringify(names.commonName)}`);
  }
  for (const dnsName of names.dnsNames) {
    if (dnsName.length > 253 || !DNS_NAME.test(dnsName)) throw makeError(`${JSON.stringify(dnsName)} is not a valid DNS name`);
  }
  for (const ipAddress of names.ipAddresses) {
    if (isIP(ipAddress) === 0) throw makeError(`${JSON.stringify(ipAddress)} is not an IPv4 or IPv6 address`);
  }
  return {
    commonName: names.commonName,
    dnsNames: [...new Set(names.dnsNames.map((name) => name.toLowerCase()))],
    ipAddresses: [...new Set(names.ipAddresses)],
  };
}
