// `vigil gateway start`: runs a gateway on this machine until Ctrl-C or SIGTERM, e.g.
//   vigil gateway start --server ms1:5723 --failover ms2:5723 --listen 0.0.0.0:5723 --join-token TOKEN
//   vigil gateway start --upstream-listen 0.0.0.0:5724 --listen 0.0.0.0:5723   (DMZ: the MSs dial in)
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { loadGatewayConfig, startGateway } from '@vigil/gateway';
import { systemClock } from '@vigil/core';
import { roleLogger } from '../roles/role-logger.ts';
import { runUntilSignal } from '../roles/run-until-signal.ts';

interface GatewayStartFlags {
  readonly server?: string;
  readonly failover?: string;
  readonly listen?: string;
  readonly upstreamListen?: string;
  readonly advertise?: string;
  readonly data?: string;
  readonly name?: string;
  readonly joinToken?: string;
  readonly caFile?: string;
  readonly maxAgents?: string;
  readonly logLevel?: string;
  readonly logStdout?: boolean;
}

/** Adds `gateway start` under the `gateway` command group, creating the group if no one has yet. */
export function registerGatewayStartCommand(program: Command): void {
  const gateway = program.commands.find((command) => command.name() === 'gateway') ?? program.command('gateway').description('run or manage gateways');
  gateway
    .command('start')
    .description('start a gateway on this machine: agents of this network link to it, it relays them to the management servers')
    .option('--server <host:port>', 'primary management server the gateway dials, e.g. ms1:5723')
    .option('--failover <list>', 'further management servers in failover order, comma-separated HOST:PORT')
    .option('--listen <host:port>', 'where agents link to this gateway (default 0.0.0.0:5723)')
    .option('--upstream-listen <host:port>', 'DMZ mode: do not dial; wait for management servers (their gatewayDial setting) on this port')
    .option('--advertise <names>', 'comma-separated names/IPs agents use for this gateway (written into its certificate)')
    .option('--data <dir>', 'data folder: identity, relay spool, logs (default ./vigil-gateway-data)')
    .option('--name <name>', "this gateway's name in the group (default: host name)")
    .option('--join-token <token>', 'one-time join token from `vigil agent token create` (approves the gateway, pins the CA)')
    .option('--ca-file <file>', 'the management group CA certificate (ca.pem)')
    .option('--max-agents <n>', 'agents linked at once (default 2000); more are refused and fail over to another gateway')
    .option('--log-level <level>', 'fatal | error | warn | info | debug | trace | silent (default info)')
    .option('--log-stdout', 'write the log to the terminal instead of <data>/logs')
    .action(async (flags: GatewayStartFlags) => {
      const env = process.env;
      const dataDir = resolve(flags.data ?? env.VIGIL_DATA_DIR ?? './vigil-gateway-data');
      const config = loadGatewayConfig({
        flags: {
          dataDir, server: flags.server, failover: flags.failover, listen: flags.listen, upstreamListen: flags.upstreamListen,
          advertisedNames: flags.advertise, name: flags.name, joinToken: flags.joinToken,
          caFile: flags.caFile === undefined ? undefined : resolve(flags.caFile), maxAgents: flags.maxAgents, logLevel: flags.logLevel,
        },
        env,
        file: { path: join(dataDir, 'vigil.yaml'), section: 'gateway' },
      });
      const { logger, path: logPath } = roleLogger({ role: 'gateway', level: config.logLevel, dataDir: config.dataDir, toStdout: flags.logStdout === true });
      const running = await startGateway(config, { logger, clock: systemClock });
      const upstream = config.upstreamListen ? `waiting for management servers on ${config.upstreamListen}` : `management server ${config.server}${config.failover ? `, failover ${config.failover}` : ''}`;
      process.stdout.write(`Gateway ${running.name} is running; agents link to ${config.listen}; ${upstream}.${logPath ? ` Log: ${logPath}` : ''}\nPress Ctrl-C to stop.\n`);
      await runUntilSignal(() => running.stop(), () => process.stdout.write('Stopping the gateway…\n'));
      process.stdout.write('Gateway stopped. Unsent data stays in its relay spool.\n');
      logger.flush();
    });
}
