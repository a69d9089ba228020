// The fleet simulator as a process (one file-descriptor limit and one event loop per fleet
// process; several can drive one management server). Starts agents [from, to) of the identity
// cache at --rate per second against --servers (tried in order, failing over down the list).
// Reports JSON lines: "stats" every --stats-ms (counters, and the ack/link latency histograms
// since the previous line), "hb" for every heartbeat of agents whose index is a multiple of
// --sample-every, "recovered" when an agent's data flows again after losing its link,
// "started-all" once every agent was started. Commands on stdin: {"cmd":"toggle","indexes":[…]}
// flips the alerting monitor of those agents (answers "toggled" lines), {"cmd":"flood"}
// starts the flood profile on every agent, {"cmd":"drain"} answers
// "drained" once nothing is unacknowledged (or after timeoutMs), {"cmd":"stop"} answers "final".
import { parseArgs } from 'node:util';
import { emit, onStdinCommands } from '../support/json-lines-process.ts';
import { createFleet } from './fleet.ts';
import { DEFAULT_PROFILE, type FleetProfile } from './fleet-profile.ts';

const { values } = parseArgs({
  options: {
    identities: { type: 'string' },
    from: { type: 'string', default: '0' },
    to: { type: 'string' },
    servers: { type: 'string' },
    profile: { type: 'string', default: '{}' },
    rate: { type: 'string', default: '200' },
    'sample-every': { type: 'string', default: '0' },
    'stats-ms': { type: 'string', default: '1000' },
  },
});
if (!values.identities || !values.to || !values.servers) {
  console.error('usage: fleet-child.ts --identities FILE --from N --to M --servers host:port[,host:port] [--profile JSON] [--rate N]');
  process.exit(2);
}
const sampleEvery = Number(values['sample-every']);
const profile: FleetProfile = { ...DEFAULT_PROFILE, ...(JSON.parse(values.profile) as Partial<FleetProfile>) };
const servers = values.servers.split(',').map((s) => {
  const i = s.lastIndexOf(':');
  return { host: s.slice(0, i), port: Number(s.slice(i + 1)) };
});

const fleet = createFleet({
  identitiesPath: values.identities,
  from: Number(values.from),
  to: Number(values.to),
  servers,
  profile,
  observer: {
    heartbeatSent(agent, sentMs) {
      if (sampleEvery > 0 && agent.index % sampleEvery === 0) emit('hb', { agentId: agent.agentId, index: agent.index, sentMs });
    },
    recovered(agent, atMs, serverIndex, downSinceMs) {
      emit('recovered', { index: agent.index, atMs, serverIndex, downSinceMs });
    },
  },
});

const reportStats = (): void => {
  const c = fleet.counters;
  emit('stats', {
    atMs: Date.now(),
    started: c.started, linked: c.linked, linksOpened: c.linksOpened, linkFailures: c.linkFailures, closes: c.closes,
    batchesSent: c.batchesSent, batchesResent: c.batchesResent, batchesAcked: c.batchesAcked, itemsAcked: c.itemsAcked,
    perfAcked: c.perfAcked, stateChangesAcked: c.stateChangesAcked, eventsAcked: c.eventsAcked, alertsAcked: c.alertsAcked,
    heartbeatsSent: c.heartbeatsSent, throttles: c.throttles, errors: c.errors, unacked: fleet.unackedBatches(),
    rssBytes: process.memoryUsage().rss, cpuMicros: process.cpuUsage().user + process.cpuUsage().system,
    ackLatency: c.ackLatency.snapshot(), linkLatency: c.linkLatency.snapshot(),
  });
  c.ackLatency.reset();
  c.linkLatency.reset();
};
const statsTimer = setInterval(reportStats, Number(values['stats-ms']));

onStdinCommands((command) => {
  if (command.cmd === 'toggle') {
    for (const index of command.indexes as number[]) {
      const agent = fleet.agents.find((a) => a.index === index);
      if (!agent) continue;
      const { toState, sentMs } = agent.toggleAlertingMonitor();
      emit('toggled', { index, name: agent.name, toState, sentMs });
    }
  } else if (command.cmd === 'flood') {
    for (const agent of fleet.agents) agent.startFlood();
  } else if (command.cmd === 'drain') {
    const deadline = Date.now() + Number(command.timeoutMs ?? 60_000);
    const check = setInterval(() => {
      const unacked = fleet.unackedBatches();
      if (unacked === 0 || Date.now() > deadline) {
        clearInterval(check);
        emit('drained', { unacked, perfAcked: fleet.counters.perfAcked, itemsAcked: fleet.counters.itemsAcked, batchesAcked: fleet.counters.batchesAcked });
      }
    }, 100);
  } else if (command.cmd === 'stop') {
    clearInterval(statsTimer);
    fleet.stop();
    reportStats();
    emit('final', { perfAcked: fleet.counters.perfAcked, itemsAcked: fleet.counters.itemsAcked, batchesAcked: fleet.counters.batchesAcked, unacked: fleet.unackedBatches() });
    setTimeout(() => process.exit(0), 200);
  }
});
process.stdin.on('end', () => process.exit(0));

await fleet.startAgents(Number(values.rate));
emit('started-all', { agents: fleet.agents.length });
