// Test support: local HTTP targets that record every probe they receive (which member, when), and
// the checks the pool tests make on those records: nothing probed by two members at once,
// nothing left unprobed, how long a failover took.
import { createServer, type Server } from 'node:http';

export interface ProbeHit {
  readonly target: number;
  readonly member: string;
  readonly atMs: number;
}

export interface ProbeTargets {
  readonly baseUrl: string;
  readonly hits: ProbeHit[];
  urlOf(target: number): string;
  close(): Promise<void>;
}

export async function startProbeTargets(): Promise<ProbeTargets> {
  const hits: ProbeHit[] = [];
  const server: Server = createServer((req, res) => {
    const target = Number(/\/target\/(\d+)/.exec(req.url ?? '')?.[1] ?? -1);
    const member = String(req.headers['user-agent'] ?? '').replace(/^Vigil-Pool\//, '');
    hits.push({ target, member, atMs: Date.now() });
    res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
  });
  server.keepAliveTimeout = 1;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  return {
    baseUrl,
    hits,
    urlOf: (target) => `${baseUrl}/target/${target}`,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/**
 * Pairs of members whose probing of one target overlapped in time. A member's "run" on a target
 * is a maximal series of its probes less than `gapMs` apart; runs of two members must not intersect.
 */
export function overlaps(hits: readonly ProbeHit[], gapMs: number): string[] {
  const problems: string[] = [];
  const byTarget = new Map<number, ProbeHit[]>();
  for (const h of hits) byTarget.set(h.target, [...(byTarget.get(h.target) ?? []), h]);
  for (const [target, list] of byTarget) {
    const runs: Array<{ member: string; from: number; to: number }> = [];
    const members = new Set(list.map((h) => h.member));
    for (const member of members) {
      const times = list.filter((h) => h.member === member).map((h) => h.atMs).sort((a, b) => a - b);
      let from = times[0]!;
      let to = from;
      for (const t of times.slice(1)) {
        if (t - to >= gapMs) {
          runs.push({ member, from, to });
          from = t;
        }
        to = t;
      }
      runs.push({ member, from, to });
    }
    for (const a of runs) {
      for (const b of runs) {
        if (a.member < b.member && a.from <= b.to && b.from <= a.to) problems.push(`target ${target}: ${a.member} [${a.from}..${a.to}] overlaps ${b.member} [${b.from}..${b.to}]`);
      }
    }
  }
  return problems;
}

/** The member that probed `target` last before `beforeMs`. */
export function lastProber(hits: readonly ProbeHit[], target: number, beforeMs: number): string | undefined {
  return hits.filter((h) => h.target === target && h.atMs < beforeMs).sort((a, b) => b.atMs - a.atMs)[0]?.member;
}

/** First probe of `target` by a member other than `member` at or after `fromMs`. */
export function firstProbeByOther(hits: readonly ProbeHit[], target: number, member: string, fromMs: number): ProbeHit | undefined {
  return hits.filter((h) => h.target === target && h.member !== member && h.atMs >= fromMs).sort((a, b) => a.atMs - b.atMs)[0];
}
