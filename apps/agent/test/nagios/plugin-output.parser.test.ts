import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePerfData } from '../../src/nagios/perfdata.parser.ts';
import { parsePluginOutput } from '../../src/nagios/plugin-output.parser.ts';

test('perfdata: quoted labels with spaces and doubled quotes, units, thresholds, min and max', () => {
  const { items, errors } = parsePerfData("'disk /var ''data'''=12.5MB;@10:20;~:30;0;100 time=0.02s;;;0 c=9c U_val=U;1;2");
  assert.deepEqual(errors, []);
  assert.equal(items.length, 4);
  assert.deepEqual(items[0], {
    label: "disk /var 'data'", value: 12.5, unit: 'MB',
    warn: { start: 10, end: 20, inside: true }, crit: { start: -Infinity, end: 30, inside: false }, min: 0, max: 100,
  });
  assert.deepEqual(items[1], { label: 'time', value: 0.02, unit: 's', min: 0 });
  assert.deepEqual(items[2], { label: 'c', value: 9, unit: 'c' });
  assert.equal(items[3]?.value, null);
});

test('perfdata: every unit of the guidelines', () => {
  const { items, errors } = parsePerfData('a=1s b=1ms c=1us d=1% e=1B f=1KB g=1MB h=1GB i=1TB j=1c k=1');
  assert.deepEqual(errors, []);
  assert.deepEqual(items.map((i) => i.unit), ['s', 'ms', 'us', '%', 'B', 'KB', 'MB', 'GB', 'TB', 'c', '']);
});

test('perfdata: bad items are reported and skipped, good ones kept', () => {
  const { items, errors } = parsePerfData("ok=1 =3 x=abc y=5zz 'open=4 w=1;zz m=1;;;x bare last=2");
  assert.deepEqual(items.map((i) => i.label), ['ok', 'last']);
  assert.deepEqual(errors.map((e) => e.item), ['=3', 'x=abc', 'y=5zz', "'open=4", 'w=1;zz', 'm=1;;;x', 'bare']);
  assert.match(errors[2]?.reason ?? '', /unit '5zz'|unit 'zz'/);
  assert.match(errors[4]?.reason ?? '', /warn threshold/);
});

test('output: text | perfdata, long text, and perfdata continued on later lines', () => {
  const output = parsePluginOutput(
    'DISK OK - free space: / 3326 MB (56%); | /=2643MB;5948;5958;0;5968\n' +
      '/ 15272 MB (77%);\n/boot 68 MB (69%);\n/home 69357 MB (27%);\n' +
      '/var/log 819 MB (84%); | /boot=68MB;88;93;0;98\n/home=69357MB;253404;253409;0;253414\n/var/log=818MB;970;975;0;980\n',
  );
  assert.equal(output.summary, 'DISK OK - free space: / 3326 MB (56%);');
  assert.deepEqual(output.longText, ['/ 15272 MB (77%);', '/boot 68 MB (69%);', '/home 69357 MB (27%);', '/var/log 819 MB (84%); ']);
  assert.deepEqual(output.perfData.map((p) => p.label), ['/', '/boot', '/home', '/var/log']);
  assert.deepEqual(output.perfDataErrors, []);
});

test('output: no perfdata, empty output, CRLF', () => {
  assert.deepEqual(parsePluginOutput('PING OK\r\n'), { summary: 'PING OK', longText: [], perfData: [], perfDataErrors: [] });
  assert.deepEqual(parsePluginOutput(''), { summary: '', longText: [], perfData: [], perfDataErrors: [] });
});
