// The SDK's one port to the network: send a request, get status, headers and text back. The
// browser console uses fetch (createFetchTransport); Node uses node:https so it can trust the
// group CA (@vigil/sdk/node). The client never knows which.

export interface HttpRequest {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path and query relative to the server's origin, e.g. /api/v1/agents?approval=pending. */
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
}

export interface HttpResponse {
  readonly status: number;
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly body: string;
}

export interface HttpTransport {
  /** The server's origin (https://host:5724), for messages. */
  readonly baseUrl: string;
  /** Resolves with any HTTP status; rejects only when no answer came (VigilApiError UNREACHABLE). */
  send(request: HttpRequest): Promise<HttpResponse>;
}

type FetchLike = (url: string, init: { method: string; headers: Record<string, string>; body?: string; credentials?: 'same-origin' | 'include' }) => Promise<{
  status: number;
  headers: { forEach(callback: (value: string, key: string) => void): void };
  text(): Promise<string>;
}>;

/** A transport over fetch (browsers: cookies go along for same-origin requests). */
export function createFetchTransport(baseUrl: string, fetchImpl: FetchLike = globalThis.fetch as unknown as FetchLike): HttpTransport {
  const origin = baseUrl.replace(/\/+$/, '');
  return {
    baseUrl: origin,
    async send(request) {
      const response = await fetchImpl(origin + request.path, {
        method: request.method,
        headers: { ...request.headers },
        ...(request.body === undefined ? {} : { body: request.body }),
        credentials: 'same-origin',
      });
      const headers: Record<string, string> = {};
      response.headers.forEach((value, key) => (headers[key.toLowerCase()] = value));
      return { status: response.status, headers, body: await response.text() };
    },
  };
}
