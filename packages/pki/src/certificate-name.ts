// A certificate's subject as node:crypto reads it, and attribute values as the CA writes them.
// Verifying a peer, loading the CA and reading identity files need only the subject's attribute
// values, so they read them here rather than through @peculiar/x509, which an enrolled agent or
// gateway then never loads (see x509-loader.ts).
import type { X509Certificate } from 'node:crypto';
import type { JsonAttributeObject } from '@peculiar/x509';

/**
 * A distinguished name's attribute values by type. Structurally the part of @peculiar/x509's
 * `Name` that Vigil reads, so either can be passed where one is expected.
 */
export interface CertificateName {
  /**
   * Every value of the attribute `type` (short name such as 'CN', 'O', 'OU', or a dotted OID for
   * attributes OpenSSL has no name for), in certificate order, unescaped; [] when it has none.
   */
  getField(type: string): string[];
}

/** The subject of `certificate`, read by OpenSSL (no @peculiar/x509). */
export function subjectOf(certificate: X509Certificate): CertificateName {
  // The legacy object holds each attribute's values decoded to UTF-8 and unescaped, one string
  // for an attribute that occurs once and an array for one that occurs several times (whether in
  // separate RDNs or in one multi-valued RDN); the `subject` string escapes values RFC 2253-style
  // and would need a parser of its own.
  const attributes: Readonly<Record<string, string | readonly string[] | undefined>> = certificate.toLegacyObject().subject;
  return {
    getField(type: string): string[] {
      const value = Object.hasOwn(attributes, type) ? attributes[type] : undefined;
      if (value === undefined) return [];
      return typeof value === 'string' ? [value] : [...value];
    },
  };
}

/** Characters an ASN.1 PrintableString can hold (X.680 41.4). */
const PRINTABLE_STRING = /^[A-Za-z0-9 '()+,\-./:=?]*$/;

/**
 * `value` as a subject attribute value, written exactly as given. @peculiar/x509 reads a plain
 * string in a JSON name as RFC 4514 text (it unquotes `"…"`, drops backslashes and decodes a
 * leading `#` as hex), which turned a group name such as `Contoso "Prod"` into `Prod`; a typed
 * value is stored verbatim. PrintableString when it can hold the value (as the library would
 * choose), UTF8String otherwise, the two encodings RFC 5280 allows.
 */
export function verbatimValue(value: string): JsonAttributeObject {
  return PRINTABLE_STRING.test(value) ? { printableString: value } : { utf8String: value };
}
