// Server-Sent Events framing for the live feed: feed text chunks in, get complete events out.
// Shared by the Node reader and tests; browsers use EventSource, which does this itself.
import type { LiveEvent } from '@vigil/protocol';

export interface SseParser {
  /** Complete events contained in `chunk` (plus what earlier chunks left unfinished). */
  push(chunk: string): LiveEvent[];
}

export function createSseParser(): SseParser {
  let buffer = '';
  return {
    push(chunk) {
      buffer += chunk.replace(/\r\n/g, '\n');
      const events: LiveEvent[] = [];
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = block.split('\n').filter((line) => line.startsWith('data:')).map((line) => line.slice(5).trimStart()).join('\n');
        if (data) events.push(JSON.parse(data) as LiveEvent);
      }
      return events;
    },
  };
}
