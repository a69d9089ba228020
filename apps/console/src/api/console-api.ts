// The console's API client: the typed SDK client (@vigil/sdk) over fetch, same origin, cookie
// session, CSRF header on writes. The only console-specific part is the transport wrapper, so a
// network failure reads as "the server did not answer" rather than a TypeError from fetch.
import { VigilApiError, createFetchTransport, createVigilClient, type HttpTransport, type VigilClient } from '@vigil/sdk';

/** Reads the console's CSRF cookie (readable by design: the server checks header == cookie == session). */
export function csrfFromCookie(): string | undefined {
  const match = /(?:^|;\s*)__Host-vigil-csrf=([^;]+)/.exec(document.cookie);
  return match?.[1] ? decodeURIComponent(match[1]) : undefined;
}

function consoleTransport(): HttpTransport {
  const fetchTransport = createFetchTransport(window.location.origin);
  return {
    baseUrl: fetchTransport.baseUrl,
    async send(request) {
      try {
        return await fetchTransport.send(request);
      } catch (cause) {
        throw new VigilApiError('UNREACHABLE', 'The management server did not answer. Check that it is running, then retry.', 0, {}, { cause });
      }
    },
  };
}

export function createConsoleApi(csrfToken: string | undefined): VigilClient {
  return createVigilClient({ transport: consoleTransport(), ...(csrfToken ? { csrfToken } : {}) });
}

export type ConsoleApi = VigilClient;

/** Offers `text` as a file download (exports). */
export function downloadText(fileName: string, text: string, type = 'application/yaml'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
