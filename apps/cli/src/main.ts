#!/usr/bin/env node
// The `vigil` command: starts roles on this machine (up, server, agent, gateway) and is the
// operations console for terminals and scripts (through the SDK API only).
import { Command, CommanderError } from 'commander';
import { registerUpCommand } from './commands/up.command.ts';
import { registerServerCommand } from './commands/server.command.ts';
import { registerDbCommand } from './commands/db.command.ts';
import { registerAgentStartCommand } from './commands/agent-start.command.ts';
import { registerGatewayStartCommand } from './commands/gateway-start.command.ts';
import { registerLoginCommands } from './commands/login.command.ts';
import { registerAgentCommands } from './commands/agent.command.ts';
import { registerFleetCommands } from './commands/fleet.command.ts';
import { registerAccessCommands } from './commands/access.command.ts';
import { registerWebCommand } from './commands/web.command.ts';
import { registerAlertCommands } from './commands/alert.command.ts';
import { registerObjectCommands } from './commands/object.command.ts';
import { registerPerfCommands } from './commands/perf.command.ts';
import { registerEventCommands } from './commands/event.command.ts';
import { registerMaintenanceCommands } from './commands/maintenance.command.ts';
import { registerOverrideCommands } from './commands/override.command.ts';
import { registerGroupCommands } from './commands/group.command.ts';
import { registerTaskCommands } from './commands/task.command.ts';
import { registerPackCommands } from './commands/pack.command.ts';
import { registerGatewayPoolAdminCommands } from './commands/gateway-pool-admin.command.ts';
import { reportFailure, EXIT } from './output/failure.ts';
import { VIGIL_VERSION } from '@vigil/server';

const program = new Command('vigil')
  .description('Vigil: distributed infrastructure monitoring. Start roles on this machine or operate a management group.')
  .version(VIGIL_VERSION, '-v, --version', 'print the Vigil version')
  .showHelpAfterError('(run with --help for usage)')
  .exitOverride();

registerUpCommand(program);
registerServerCommand(program);
registerDbCommand(program);
registerLoginCommands(program);
registerAgentCommands(program);
registerFleetCommands(program);
registerAccessCommands(program);
registerAgentStartCommand(program);
registerWebCommand(program);
registerGatewayStartCommand(program);
registerAlertCommands(program);
registerObjectCommands(program);
registerPerfCommands(program);
registerEventCommands(program);
registerMaintenanceCommands(program);
registerOverrideCommands(program);
registerGroupCommands(program);
registerTaskCommands(program);
registerPackCommands(program);
registerGatewayPoolAdminCommands(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  } else {
    process.exitCode = reportFailure(error);
  }
}
