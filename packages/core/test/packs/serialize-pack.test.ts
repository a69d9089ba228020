// Export round-trips through parse, and the pack format is publishable as JSON Schema.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { packJsonSchema, parsePack, serializePack, PACK_SCHEMA_ID } from '@vigil/core';
import { CORE_PACK_FILE, GOOD_DIR, loadDocument, packFiles } from './corpus.ts';

for (const file of [CORE_PACK_FILE, ...packFiles(GOOD_DIR).map((name) => join(GOOD_DIR, name))]) {
  test(`serializePack round-trips ${file.split('/').pop()}`, () => {
    const document = loadDocument(file);
    const text = serializePack(document);
    const reparsed = parsePack(text, 'exported.pack.yaml');
    assert.equal(reparsed.status, 'parsed');
    assert.deepEqual(reparsed.status === 'parsed' ? reparsed.pack.document : undefined, document);
    assert.equal(serializePack(reparsed.status === 'parsed' ? reparsed.pack.document : document), text, 'export is stable');
  });
}

test('exported sections follow the documented order, with the header first', () => {
  const text = serializePack(loadDocument(join(GOOD_DIR, 'vigil-linux.pack.yaml')));
  const sections = text.split('\n').filter((line) => /^[a-z]+:/.test(line)).map((line) => line.slice(0, line.indexOf(':')));
  assert.deepEqual(sections, ['pack', 'classes', 'relationships', 'discoveries', 'monitors', 'rules', 'tasks', 'views']);
  assert.match(text, /^# Vigil management pack Vigil\.Linux 1\.2\.0\n/);
});

test('packJsonSchema is a JSON Schema document describing every section', () => {
  const schema = packJsonSchema();
  assert.equal(schema['$id'], PACK_SCHEMA_ID);
  assert.equal(schema['type'], 'object');
  const properties = Object.keys(schema['properties'] as object);
  assert.deepEqual(properties, ['pack', 'classes', 'relationships', 'discoveries', 'monitors', 'rules', 'tasks', 'views', 'overrides', 'groups', 'seal']);
  assert.deepEqual(schema['required'], ['pack']);
  assert.doesNotThrow(() => JSON.stringify(schema));
});
