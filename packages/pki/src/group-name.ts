// What a management group may be called. The name is the O of the CA and of every certificate it
// issues, is shown to users and travels in the link handshake, so it must survive a DER round trip
// exactly: any printable Unicode does (values are written verbatim, never as RFC 4514 text; see
// certificate-name.ts), but control characters and unpaired UTF-16 surrogates cannot be shown or
// encoded as UTF-8 without being changed.

/** X.520's upper bound for an organisation name (ub-organization-name); also the config's maxLength. */
export const MAX_GROUP_NAME_LENGTH = 64;

/** C0 and C1 control characters, line and paragraph separators, unpaired surrogates. */
const UNPRINTABLE = /[\p{Cc}\p{Zl}\p{Zp}\p{Cs}]/u;

/** The rule in words, for configuration errors and refusals. */
export const GROUP_NAME_ALLOWED = `1 to ${MAX_GROUP_NAME_LENGTH} printable characters (letters, digits, spaces and punctuation such as " \\ , + = < > # ; are fine; no control characters or line breaks)`;

/** Why `groupName` cannot name a management group, or undefined when it can. */
export function groupNameProblem(groupName: string): string | undefined {
  if (groupName.length === 0 || groupName.length > MAX_GROUP_NAME_LENGTH) {
    return `has ${groupName.length} characters`;
  }
  const unprintable = UNPRINTABLE.exec(groupName);
  if (unprintable !== null) {
    return `contains the unprintable character U+${unprintable[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')} at position ${unprintable.index + 1}`;
  }
  if (groupName.trim().length === 0) return 'is blank';
  return undefined;
}
