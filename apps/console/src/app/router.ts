// Hash routes (#/monitoring/<view>, #/my/<dashboard>, #/admin/<page>): deep links work from the
// management server's one index.html, and back/forward move between views.
import { useEffect, useState } from 'react';

export interface Route {
  readonly area: 'monitoring' | 'my' | 'admin';
  readonly id: string | undefined;
  readonly params: URLSearchParams;
}

export function parseRoute(hash: string): Route {
  const [path = '', search = ''] = hash.replace(/^#\/?/, '').split('?');
  const [area, id] = path.split('/');
  const known = area === 'my' || area === 'admin' ? area : 'monitoring';
  return { area: known, id: id ? decodeURIComponent(id) : undefined, params: new URLSearchParams(search) };
}

export function href(area: Route['area'], id?: string, params?: Record<string, string | undefined>): string {
  const query = params ? new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined)).toString() : '';
  return `#/${area}${id ? `/${encodeURIComponent(id)}` : ''}${query ? `?${query}` : ''}`;
}

export function navigate(to: string): void {
  if (window.location.hash !== to) window.location.hash = to;
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onChange = (): void => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
