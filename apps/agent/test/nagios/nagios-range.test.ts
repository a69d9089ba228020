import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatRange, parseRange, rangeAlerts, type NagiosRange } from '../../src/nagios/nagios-range.ts';

function range(text: string): NagiosRange {
  const parsed = parseRange(text);
  assert.ok(parsed.ok, `${text}: ${parsed.ok ? '' : parsed.reason}`);
  return parsed.range;
}

test('parseRange follows the guidelines table', () => {
  assert.deepEqual(range('10'), { start: 0, end: 10, inside: false });
  assert.deepEqual(range('10:'), { start: 10, end: Infinity, inside: false });
  assert.deepEqual(range('~:10'), { start: -Infinity, end: 10, inside: false });
  assert.deepEqual(range('10:20'), { start: 10, end: 20, inside: false });
  assert.deepEqual(range('@10:20'), { start: 10, end: 20, inside: true });
  assert.deepEqual(range('-5.5:1e2'), { start: -5.5, end: 100, inside: false });
});

test('rangeAlerts: outside by default, inside with @, bounds inclusive', () => {
  const cases: Array<[string, number, boolean]> = [
    ['10', -1, true], ['10', 0, false], ['10', 10, false], ['10', 10.1, true],
    ['10:', 9.9, true], ['10:', 1e9, false],
    ['~:10', -1e9, false], ['~:10', 11, true],
    ['10:20', 9, true], ['10:20', 15, false], ['10:20', 21, true],
    ['@10:20', 10, true], ['@10:20', 20, true], ['@10:20', 21, false], ['@10:20', 9, false],
  ];
  for (const [text, value, alerts] of cases) assert.equal(rangeAlerts(range(text), value), alerts, `${text} with ${value}`);
});

test('invalid ranges are reported, not thrown', () => {
  for (const text of ['', '@', 'abc', '20:10', '1:x', '~']) assert.equal(parseRange(text).ok, false, text);
  assert.equal(formatRange(range('@~:5')), '@~:5');
  assert.equal(formatRange(range('10')), '10');
  assert.equal(formatRange(range('3:')), '3:');
});
