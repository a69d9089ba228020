// The live feed (SSE at /api/v1/live): one EventSource for the whole console, shared by every
// view. Views subscribe to the kinds they show; on reconnect they re-read their lists (the feed
// carries changes, not history).
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { LIVE_PATH, type LiveEvent } from '@vigil/protocol';

export type LiveStatus = 'connecting' | 'open' | 'error';
type Listener = (event: LiveEvent) => void;

interface LiveFeed {
  readonly status: LiveStatus;
  /** Increases on every (re)connection: a dependency for "re-read the list". */
  readonly epoch: number;
  subscribe(listener: Listener): () => void;
}

const LiveContext = createContext<LiveFeed>({ status: 'connecting', epoch: 0, subscribe: () => () => undefined });

const KINDS = ['hello', 'heartbeat', 'state-change', 'alert'] as const;

export function LiveFeedProvider({ children }: { readonly children: ReactNode }) {
  const [status, setStatus] = useState<LiveStatus>('connecting');
  const [epoch, setEpoch] = useState(0);
  const listeners = useRef(new Set<Listener>());
  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    const source = new EventSource(LIVE_PATH, { withCredentials: true });
    const deliver = (message: MessageEvent<string>): void => {
      let event: LiveEvent;
      try {
        event = JSON.parse(message.data) as LiveEvent;
      } catch {
        return;
      }
      if (event.kind === 'hello') setEpoch((e) => e + 1);
      for (const listener of listeners.current) listener(event);
    };
    source.onopen = () => setStatus('open');
    source.onerror = () => setStatus(source.readyState === EventSource.CLOSED ? 'error' : 'connecting');
    source.onmessage = deliver;
    for (const kind of KINDS) source.addEventListener(kind, deliver as EventListener);
    return () => source.close();
  }, []);
  const subscribe = useCallback((listener: Listener) => {
    listeners.current.add(listener);
    return () => void listeners.current.delete(listener);
  }, []);
  const feed = useMemo<LiveFeed>(() => ({ status, epoch, subscribe }), [status, epoch, subscribe]);
  return <LiveContext.Provider value={feed}>{children}</LiveContext.Provider>;
}

export function useLiveFeed(): LiveFeed {
  return useContext(LiveContext);
}

/** Calls `onEvent` for every live event while the component is mounted. */
export function useLiveEvents(onEvent: Listener): void {
  const feed = useLiveFeed();
  const handler = useRef(onEvent);
  handler.current = onEvent;
  const { subscribe } = feed;
  useEffect(() => subscribe((event) => handler.current(event)), [subscribe]);
}
