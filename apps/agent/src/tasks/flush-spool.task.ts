// `flush-spool`: sends what is spooled now instead of at the next poll, and reports how much was
// waiting. It never deletes data: only acknowledgements do.
import type { TaskHandler } from './task-handler.ts';

export function flushSpoolTask(flush: () => { readonly pendingItems: number; readonly pendingBytes: number }): TaskHandler {
  return async () => {
    const { pendingItems, pendingBytes } = flush();
    return { status: 'succeeded', output: `Sending ${pendingItems} spooled item(s) (${pendingBytes} bytes) now.` };
  };
}
