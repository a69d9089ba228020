// Protocol version negotiation: the client offers every version it speaks, the server picks the
// highest one both support. A refusal is a value (the server then sends a fatal `error` with code
// 'unsupported-protocol-version' and closes), never an exception.

/** Versions this build speaks, oldest first. */
export const SUPPORTED_PROTOCOL_VERSIONS: readonly number[] = [1];
export const CURRENT_PROTOCOL_VERSION = 1;

export type VersionNegotiation =
  | { readonly kind: 'agreed'; readonly version: number }
  | {
      readonly kind: 'refused';
      readonly offered: readonly number[];
      readonly supported: readonly number[];
      /** Says which side must upgrade, for the error message and the log. */
      readonly message: string;
    };

/** Picks the highest version present in both lists; refuses when they share none. */
export function negotiateVersion(
  offered: readonly number[],
  supported: readonly number[] = SUPPORTED_PROTOCOL_VERSIONS,
): VersionNegotiation {
  const ours = new Set(supported.filter((v) => Number.isInteger(v) && v > 0));
  let best = 0;
  for (const v of offered) if (ours.has(v) && v > best) best = v;
  if (best > 0) return { kind: 'agreed', version: best };
  const valid = offered.filter((v) => Number.isInteger(v) && v > 0);
  const maxOffered = valid.length === 0 ? 0 : Math.max(...valid);
  const maxOurs = ours.size === 0 ? 0 : Math.max(...ours);
  const who = maxOffered > maxOurs ? 'Upgrade the management server' : 'Upgrade the agent';
  return {
    kind: 'refused',
    offered: [...offered],
    supported: [...supported],
    message: `No common protocol version: client offers [${offered.join(', ')}], server supports [${supported.join(', ')}]. ${who}.`,
  };
}
