// Block device I/O rates from /proc/diskstats.
import type { Collector } from './collector.ts';
import { counterTracker, parseCounter } from './counter-rates.ts';
import { fieldLines, readHostFile } from './host-files.ts';
import { sampleSink, type Sample } from './sample.ts';

// /proc/diskstats (Documentation/admin-guide/iostats.rst): after major, minor, name come
// reads completed, reads merged, sectors read, ms reading, writes completed, writes merged,
// sectors written, ms writing, I/Os in progress, ms doing I/O, ...
const READS = 3;
const SECTORS_READ = 5;
const WRITES = 7;
const SECTORS_WRITTEN = 9;
const MS_DOING_IO = 12;
/** diskstats counts sectors of 512 bytes whatever the device's real sector size. */
const SECTOR_BYTES = 512;

export const diskIoCollector: Collector = {
  name: 'disk-io',
  async collect(ctx) {
    const counters = counterTracker(ctx);
    const samples: Sample[] = [];
    for (const fields of fieldLines(await readHostFile(ctx.rootPath, '/proc/diskstats'))) {
      const name = fields[2];
      if (name === undefined || fields.length <= MS_DOING_IO) continue;
      // Never-used devices (idle loop and ram devices) would only add noise.
      if (fields.slice(3).every((f) => f === '0')) continue;
      const rate = (index: number): number | undefined => counters.rate(`${name}/${index}`, parseCounter(fields[index]));
      const reads = rate(READS);
      const sectorsRead = rate(SECTORS_READ);
      const writes = rate(WRITES);
      const sectorsWritten = rate(SECTORS_WRITTEN);
      const busyMsPerSecond = rate(MS_DOING_IO);
      // A device seen for the first time (hot-plugged) has no rates yet; one that vanished is simply absent.
      const sink = sampleSink(samples, { class: 'linux.disk', key: name }, ctx.nowMs);
      if (reads !== undefined) sink.numeric('reads-per-second', reads, 'count/s');
      if (writes !== undefined) sink.numeric('writes-per-second', writes, 'count/s');
      if (sectorsRead !== undefined) sink.numeric('read.bytes-per-second', sectorsRead * SECTOR_BYTES, 'bytes/s');
      if (sectorsWritten !== undefined) sink.numeric('written.bytes-per-second', sectorsWritten * SECTOR_BYTES, 'bytes/s');
      // ms busy per elapsed second / 10 = percent; capped because merged accounting can exceed 100 briefly.
      if (busyMsPerSecond !== undefined) sink.numeric('busy.percent', Math.min(100, busyMsPerSecond / 10), '%');
    }
    return { kind: 'collected', samples, counters: counters.snapshot() };
  },
};
