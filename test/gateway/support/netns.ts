// Network namespaces for gateway tests: a "customer site" namespace joined to the host by one
// veth pair. Processes started in it reach only the host-side veth address (where the gateways
// listen), not the host's loopback where the management servers listen — as agents behind a
// firewall reach only the gateway. Needs root and iproute2; `available()` says whether it works.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { spawnJsonLines, type JsonLinesProcess } from '../../support/json-lines-process.ts';

export interface SiteNamespace {
  readonly name: string;
  /** The host side of the veth pair: gateways listen here. */
  readonly hostAddress: string;
  readonly siteAddress: string;
  /** Runs `node script args` inside the namespace, with the JsonLinesProcess interface. */
  spawn(script: string, args: readonly string[]): JsonLinesProcess;
  /** Whether a TCP connection from inside the namespace to host:port succeeds. */
  canReach(host: string, port: number): boolean;
  remove(): void;
}

const ip = (...args: string[]): string => execFileSync('ip', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

export function namespacesAvailable(): boolean {
  if (process.getuid?.() !== 0) return false;
  const probe = `vgprobe${randomBytes(3).toString('hex')}`;
  try {
    ip('netns', 'add', probe);
    ip('netns', 'del', probe);
    return true;
  } catch {
    return false;
  }
}

export function createSiteNamespace(subnet: number): SiteNamespace {
  const tag = randomBytes(3).toString('hex');
  const name = `vgsite${tag}`;
  const hostIf = `vgh${tag}`;
  const siteIf = `vgs${tag}`;
  const hostAddress = `10.231.${subnet}.1`;
  const siteAddress = `10.231.${subnet}.2`;
  ip('netns', 'add', name);
  ip('link', 'add', hostIf, 'type', 'veth', 'peer', 'name', siteIf);
  ip('link', 'set', siteIf, 'netns', name);
  ip('addr', 'add', `${hostAddress}/24`, 'dev', hostIf);
  ip('link', 'set', hostIf, 'up');
  ip('netns', 'exec', name, 'ip', 'addr', 'add', `${siteAddress}/24`, 'dev', siteIf);
  ip('netns', 'exec', name, 'ip', 'link', 'set', siteIf, 'up');
  ip('netns', 'exec', name, 'ip', 'link', 'set', 'lo', 'up');
  return {
    name, hostAddress, siteAddress,
    spawn: (script, args) => spawnIn(name, script, args),
    canReach(host, port) {
      const probe = `require('node:net').connect(${port}, ${JSON.stringify(host)}).on('connect', () => process.exit(0)).on('error', () => process.exit(1)).setTimeout(1500, () => process.exit(2))`;
      try {
        execFileSync('ip', ['netns', 'exec', name, process.execPath, '-e', probe], { stdio: 'ignore', timeout: 5000 });
        return true;
      } catch {
        return false;
      }
    },
    remove() {
      try {
        ip('link', 'del', hostIf);
      } catch {
        // removed with the namespace already
      }
      ip('netns', 'del', name);
    },
  };
}

/** As spawnJsonLines, inside a namespace (`ip netns exec` execs node, so the pid is node's). */
function spawnIn(namespace: string, script: string, args: readonly string[]): JsonLinesProcess {
  return spawnJsonLines(script, args, {}, ['ip', 'netns', 'exec', namespace]);
}
