// Test support: Debian's snmpd as a real SNMP peer on 127.0.0.1 and a free high UDP port, with its
// own configuration (community "public" for v1/v2c, USM user "vigil" with SHA/AES for v3),
// started in the foreground (-f) and killed afterwards. Needs `apt-get install snmpd`.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export const SNMP_V3_USER = { name: 'vigil', authKey: 'vigil-auth-pass', privKey: 'vigil-priv-pass' };

export interface SnmpdPeer {
  readonly port: number;
  stop(): Promise<void>;
}

export function snmpdInstalled(): boolean {
  return spawnSync('sh', ['-c', 'command -v snmpd || test -x /usr/sbin/snmpd']).status === 0;
}

async function freeUdpPort(): Promise<number> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const port = socket.address().port;
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}

export async function startSnmpd(): Promise<SnmpdPeer> {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-snmpd-'));
  const port = await freeUdpPort();
  const config = join(dir, 'snmpd.conf');
  writeFileSync(config, [
    `agentAddress udp:127.0.0.1:${port}`,
    'rocommunity public 127.0.0.1',
    `createUser ${SNMP_V3_USER.name} SHA "${SNMP_V3_USER.authKey}" AES "${SNMP_V3_USER.privKey}"`,
    `rouser ${SNMP_V3_USER.name} priv`,
    'sysName vigil-snmp-test',
    'sysLocation loopback',
    '',
  ].join('\n'));
  const binary = spawnSync('sh', ['-c', 'command -v snmpd']).stdout.toString().trim() || '/usr/sbin/snmpd';
  const child: ChildProcess = spawn(binary, ['-f', '-C', '-c', config, '-Lf', join(dir, 'snmpd.log'), '-p', join(dir, 'snmpd.pid')], {
    stdio: 'ignore', env: { ...process.env, SNMP_PERSISTENT_DIR: dir, MIBS: '' },
  });
  await sleep(700);
  if (child.exitCode !== null) throw new Error(`snmpd exited with ${child.exitCode}; see ${join(dir, 'snmpd.log')}`);
  return {
    port,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGKILL');
        await new Promise((resolve) => child.once('exit', resolve));
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
