import { test } from 'node:test';
import assert from 'node:assert/strict';
import { instanceOf, parsePrometheusText } from '../../src/probes/prometheus-text-parser.ts';

test('parses HELP/TYPE, labels with escapes, special values, timestamps; reports bad lines', () => {
  const text = [
    '# HELP http_requests_total Requests.',
    '# TYPE http_requests_total counter',
    'http_requests_total{method="post",code="200"} 1027 1395066363000',
    'http_requests_total{method="get", code="400",} 3',
    'msdos_file_access_time_seconds{path="C:\\\\DIR\\\\FILE.TXT",error="Cannot find file:\\n\\"FILE.TXT\\""} 1.458255915e9',
    'metric_without_labels 12.47',
    'up +Inf',
    'down -Inf',
    'nothing NaN',
    'broken{a="1" 2',
    'bad_value{a="1"} twelve',
    '',
  ].join('\n');
  const { samples, types, errors } = parsePrometheusText(text);
  assert.equal(types.get('http_requests_total'), 'counter');
  assert.deepEqual(samples[0], { name: 'http_requests_total', labels: { method: 'post', code: '200' }, value: 1027, timestampMs: 1395066363000 });
  assert.deepEqual(samples[1]!.labels, { method: 'get', code: '400' });
  assert.equal(samples[2]!.labels.path, 'C:\\DIR\\FILE.TXT');
  assert.equal(samples[2]!.labels.error, 'Cannot find file:\n"FILE.TXT"');
  assert.equal(samples[2]!.value, 1458255915);
  assert.deepEqual(samples[3], { name: 'metric_without_labels', labels: {}, value: 12.47 });
  assert.equal(samples[4]!.value, Infinity);
  assert.equal(samples[5]!.value, -Infinity);
  assert.ok(Number.isNaN(samples[6]!.value));
  assert.equal(samples.length, 7);
  assert.equal(errors.length, 2);
  assert.match(errors[0]!, /^line 10:/);
  assert.equal(instanceOf({ code: '200', method: 'post' }), 'code="200",method="post"');
  assert.equal(instanceOf({}), '');
});
