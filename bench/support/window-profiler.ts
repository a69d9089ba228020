// CPU profile of this process over a chosen window only (warm-up excluded), written as a
// .cpuprofile that bench/tools/cpu-profile-summary.ts or Chrome DevTools can read.
import { Session } from 'node:inspector/promises';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface WindowProfiler {
  /** Stops profiling and writes the profile; returns its path. */
  stop(): Promise<string>;
}

export async function startWindowProfiler(dir: string, name: string): Promise<WindowProfiler> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 1000 });
  await session.post('Profiler.start');
  return {
    async stop() {
      const { profile } = await session.post('Profiler.stop');
      session.disconnect();
      const path = join(dir, `${name}-${Date.now()}.cpuprofile`);
      writeFileSync(path, JSON.stringify(profile));
      return path;
    },
  };
}
