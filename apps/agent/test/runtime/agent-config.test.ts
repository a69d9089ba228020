// The agent configuration: defaults, flags over environment, and one clear line for bad values.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isVigilError } from '@vigil/core';
import { loadAgentConfig } from '@vigil/agent';

test('defaults apply and --server is required', () => {
  const config = loadAgentConfig({ flags: { server: 'ms1:5723' } });
  assert.equal(config.dataDir, './vigil-agent-data');
  assert.equal(config.heartbeatIntervalSeconds, 60);
  assert.equal(config.spoolQuotaBytes, 1024 * 1024 * 1024);
  assert.equal(config.maxInFlightBatches, 4);
  assert.throws(() => loadAgentConfig({ flags: {} }), (error) => isVigilError(error, 'CONFIG_INVALID') && /agent\.server is required/.test(error.message));
});

test('flags win over VIGIL_* environment variables', () => {
  const config = loadAgentConfig({ flags: { server: 'ms1:5723' }, env: { VIGIL_SERVER: 'ms9:1', VIGIL_MAX_IN_FLIGHT_BATCHES: '8' } });
  assert.equal(config.server, 'ms1:5723');
  assert.equal(config.maxInFlightBatches, 8);
});

test('a bad server address, failover list or join token stops start-up with the key named', () => {
  assert.throws(() => loadAgentConfig({ flags: { server: 'ms1:99999' } }), /agent\.server/);
  assert.throws(() => loadAgentConfig({ flags: { server: 'ms1', failover: 'ms2:5723,:x' } }), /agent\.failover/);
  assert.throws(() => loadAgentConfig({ flags: { server: 'ms1', joinToken: 'nope' } }), /agent\.joinToken is malformed/);
});
