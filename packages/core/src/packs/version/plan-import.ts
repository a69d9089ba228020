// What importing a pack would do, decided before anything is written. Versions only move
// forward; a sealed pack must carry a valid seal from a trusted key. Overrides survive upgrades
// because they never live in the upgraded pack: they sit in separate unsealed packs that
// reference it by name and minimum version, and the import replaces only the pack itself.
import { canonicalJson } from '../seal/canonical-form.ts';
import { verifyPackSeal, type PackKey, type PackSealVerdict } from '../seal/pack-seal.ts';
import type { PackDocument } from '../schema/pack.schema.ts';
import { comparePackVersions } from './pack-version.ts';

export type ImportPlan =
  | { readonly kind: 'install'; readonly name: string; readonly version: string; readonly message: string }
  | { readonly kind: 'upgrade'; readonly name: string; readonly from: string; readonly to: string; readonly message: string }
  | {
      readonly kind: 'same-version';
      readonly name: string;
      readonly version: string;
      /** Content equal to the installed pack: nothing to do. */
      readonly identical: boolean;
      /** Content differs and the pack is unsealed, so it may replace the installed copy in place. */
      readonly replaceable: boolean;
      readonly message: string;
    }
  | { readonly kind: 'refused-older'; readonly name: string; readonly installed: string; readonly candidate: string; readonly message: string }
  | { readonly kind: 'refused-seal'; readonly name: string; readonly version: string; readonly verdict: PackSealVerdict | undefined; readonly message: string };

export interface ImportOptions {
  /** Public keys whose seals this management group accepts. Sealed packs are refused without one. */
  readonly trustedPublicKeys?: readonly PackKey[];
}

/**
 * Decides how `candidate` would be imported over `installed` (the same name, if any). The seal is
 * checked first because a tampered pack must be refused whatever its version. Pure: the caller
 * performs the plan (and validates the pack beforehand).
 */
export function planImport(installed: PackDocument | undefined, candidate: PackDocument, options: ImportOptions = {}): ImportPlan {
  const { name, version } = candidate.pack;
  const candidateSealed = candidate.pack.sealed === true || candidate.seal !== undefined;
  if (candidateSealed) {
    const verdict = verifyPackSeal(candidate, options.trustedPublicKeys ?? []);
    if (verdict.status !== 'valid' && verdict.status !== 'unsealed') return { kind: 'refused-seal', name, version, verdict, message: verdict.message };
  } else if (installed?.pack.sealed === true) {
    return {
      kind: 'refused-seal',
      name,
      version,
      verdict: undefined,
      message: `Pack ${name} is installed sealed; an unsealed copy cannot replace it. Import a sealed version from its publisher, or remove the installed pack first (vigil pack remove ${name}).`,
    };
  }
  if (installed === undefined) return { kind: 'install', name, version, message: `Install ${name} ${version}.` };
  const order = comparePackVersions(version, installed.pack.version);
  if (order < 0) {
    return {
      kind: 'refused-older',
      name,
      installed: installed.pack.version,
      candidate: version,
      message: `${name} ${installed.pack.version} is installed; importing the older ${version} is refused. To go back, remove the installed pack first (vigil pack remove ${name}), which also requires removing the packs that reference it.`,
    };
  }
  if (order > 0) {
    return {
      kind: 'upgrade',
      name,
      from: installed.pack.version,
      to: version,
      message: `Upgrade ${name} ${installed.pack.version} -> ${version}. Overrides are kept: they live in unsealed packs that reference ${name}.`,
    };
  }
  const identical = sameContent(installed, candidate);
  const sealed = candidateSealed || installed.pack.sealed === true;
  return {
    kind: 'same-version',
    name,
    version,
    identical,
    replaceable: !identical && !sealed,
    message: identical
      ? `${name} ${version} is already installed with the same content; nothing to do.`
      : sealed
        ? `${name} ${version} is already installed with different content. A sealed pack changes only with a new version: raise pack.version and seal it again.`
        : `${name} ${version} is already installed with different content; the unsealed pack will be replaced in place.`,
  };
}

function sameContent(a: PackDocument, b: PackDocument): boolean {
  return canonicalJson(a) === canonicalJson(b);
}
