// Short-lived messages for the outcome of an action (done, refused, failed).
import { createContext, useCallback, useContext, useState, type ReactNode } from 'react';
import { isVigilApiError } from '@vigil/sdk';

interface Toast { readonly id: number; readonly tone: 'success' | 'error' | 'info'; readonly text: string }
interface Toaster { show(tone: Toast['tone'], text: string): void; failure(error: unknown, doing: string): void }

const ToastContext = createContext<Toaster>({ show: () => undefined, failure: () => undefined });
let nextId = 1;

export function ToastProvider({ children }: { readonly children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const show = useCallback((tone: Toast['tone'], text: string) => {
    const id = nextId++;
    setToasts((all) => [...all.slice(-3), { id, tone, text }]);
    setTimeout(() => setToasts((all) => all.filter((t) => t.id !== id)), tone === 'error' ? 9000 : 4000);
  }, []);
  const failure = useCallback((error: unknown, doing: string) => {
    const refused = isVigilApiError(error) && error.status === 403;
    const message = error instanceof Error ? error.message : String(error);
    show('error', `${refused ? 'Refused' : 'Could not'} ${doing}: ${message}`);
  }, [show]);
  return (
    <ToastContext.Provider value={{ show, failure }}>
      {children}
      <div className="toasts" aria-live="polite">
        {toasts.map((t) => (
          <div key={t.id} className={`toast ${t.tone}`} role={t.tone === 'error' ? 'alert' : 'status'} data-testid={`toast-${t.tone}`}>{t.text}</div>
        ))}
      </div>
    </ToastContext.Provider>
  );
}

export function useToast(): Toaster {
  return useContext(ToastContext);
}
