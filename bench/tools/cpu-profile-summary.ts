// Summarises a V8 .cpuprofile (from `--cpu-prof`): self time per function (top N) and total
// time per source file, so a profile can be quoted in docs/benchmarks.md.
// Usage: node bench/tools/cpu-profile-summary.ts FILE.cpuprofile [topN]
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

const [file, topArg] = process.argv.slice(2);
if (!file) {
  console.error('usage: cpu-profile-summary.ts FILE.cpuprofile [topN]');
  process.exit(2);
}
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const top = Number(topArg ?? 25);
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const selfMicros = new Map<number, number>();
profile.samples.forEach((id, i) => selfMicros.set(id, (selfMicros.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
const totalMicros = profile.endTime - profile.startTime;

const shortUrl = (url: string): string => url.replace(/^file:\/\/.*?\/(node_modules|apps|packages|bench)\//, '$1/').replace(/^node:/, 'node:');
const byFunction = new Map<string, number>();
const byFile = new Map<string, number>();
for (const [id, micros] of selfMicros) {
  const node = byId.get(id)!;
  const frame = node.callFrame;
  const name = `${frame.functionName || '(anonymous)'} ${shortUrl(frame.url)}${frame.url ? `:${frame.lineNumber + 1}` : ''}`;
  byFunction.set(name, (byFunction.get(name) ?? 0) + micros);
  const fileKey = frame.url ? shortUrl(frame.url) : frame.functionName;
  byFile.set(fileKey, (byFile.get(fileKey) ?? 0) + micros);
}
const pct = (micros: number): string => `${((micros / totalMicros) * 100).toFixed(1).padStart(5)} %`;
console.log(`profile ${file}: ${(totalMicros / 1e6).toFixed(1)} s wall`);
console.log('\nself time by function:');
for (const [name, micros] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${pct(micros)}  ${name}`);
console.log('\nself time by file:');
for (const [name, micros] of [...byFile].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${pct(micros)}  ${name}`);
