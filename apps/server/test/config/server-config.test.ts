import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isVigilError, loadConfig } from '@vigil/core';
import { serverConfigDefinition } from '@vigil/server';

test('a group name keeps every printable character, quotes, backslashes and DN punctuation included', () => {
  const groupName = 'Contoso "Prod" \\ Lab, EU+1 <#=;> Zürich 😀';
  assert.equal(loadConfig(serverConfigDefinition, { flags: { groupName } }).groupName, groupName);
});

test('a group name the CA could not carry verbatim is refused with one line saying what is allowed', () => {
  for (const groupName of ['a\nb', 'tab\there', 'lone \ud800', '   ', ' leading', 'trailing ']) {
    assert.throws(
      () => loadConfig(serverConfigDefinition, { flags: { groupName } }),
      (error) => isVigilError(error, 'CONFIG_INVALID')
        && /^Configuration key server\.groupName .+ Allowed: 1 to 64 printable characters .+, not starting or ending with a space\.$/.test(error.message)
        && !error.message.includes('\n'),
      JSON.stringify(groupName),
    );
  }
});
