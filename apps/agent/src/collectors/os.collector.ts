// Operating-system facts: distribution (/etc/os-release), kernel, hostname, CPU count. Discovery uses
// these as properties of the computer object; they change rarely, so they are text samples.
import type { Collector } from './collector.ts';
import { readHostFile, readHostFileIfPresent } from './host-files.ts';
import { sampleSink, THIS_COMPUTER, type Sample } from './sample.ts';

/** Parses os-release(5): KEY=value lines, values optionally quoted with shell-style escapes. */
export function parseOsRelease(text: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const line of text.split('\n')) {
    const match = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (match?.[1] === undefined || match[2] === undefined) continue;
    let value = match[2];
    const quote = value[0];
    if ((quote === '"' || quote === "'") && value.endsWith(quote) && value.length >= 2) {
      value = value.slice(1, -1).replace(/\\(["'$`\\])/g, '$1');
    }
    values.set(match[1], value);
  }
  return values;
}

export const osCollector: Collector = {
  name: 'os',
  async collect(ctx) {
    // os-release(5): /etc/os-release, falling back to /usr/lib/os-release.
    const osRelease = parseOsRelease(
      (await readHostFileIfPresent(ctx.rootPath, '/etc/os-release')) ??
        (await readHostFileIfPresent(ctx.rootPath, '/usr/lib/os-release')) ??
        '',
    );
    const kernel = (await readHostFileIfPresent(ctx.rootPath, '/proc/sys/kernel/osrelease'))?.trim();
    const hostname = (await readHostFileIfPresent(ctx.rootPath, '/proc/sys/kernel/hostname'))?.trim();
    const stat = await readHostFile(ctx.rootPath, '/proc/stat');
    const cpuCount = stat.split('\n').filter((line) => /^cpu\d+\s/.test(line)).length;

    const samples: Sample[] = [];
    const sink = sampleSink(samples, THIS_COMPUTER, ctx.nowMs);
    sink.text('os.name', osRelease.get('PRETTY_NAME') ?? osRelease.get('NAME') ?? 'Linux');
    sink.text('os.id', osRelease.get('ID') ?? 'linux');
    const versionId = osRelease.get('VERSION_ID');
    if (versionId !== undefined) sink.text('os.version', versionId);
    if (kernel !== undefined) sink.text('kernel.release', kernel);
    if (hostname !== undefined) sink.text('hostname', hostname);
    sink.numeric('cpu.count', cpuCount, 'count');
    return { kind: 'collected', samples, counters: new Map() };
  },
};
