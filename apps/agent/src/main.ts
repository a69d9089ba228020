#!/usr/bin/env node
// The agent process (`vigil agent start` execs this file; see process/agent-process-command.ts).
// Usage: node main.ts --server HOST:PORT [--failover LIST] [--join-token TOKEN] [--ca-file FILE]
//        [--data DIR] [--name NAME] [--log-level LEVEL] [--log-stdout]
import { runAgentProcess } from './process/agent-main.ts';

process.exitCode = await runAgentProcess(process.argv.slice(2), { env: process.env, stdout: process.stdout, stderr: process.stderr });
