// Health and severity marks. Colour is never the only signal: every state has its own shape
// (check, triangle, octagon, question, wrench) and a text label for screen readers.
import type { DisplayStateValue, AlertSeverityValue } from '@vigil/protocol';

export type HealthLike = DisplayStateValue;

const LABEL: Record<HealthLike, string> = { healthy: 'Healthy', warning: 'Warning', critical: 'Critical', unknown: 'Not monitored', maintenance: 'In maintenance' };

export function healthLabel(state: HealthLike): string {
  return LABEL[state];
}

export function HealthIcon({ state, size = 16 }: { readonly state: HealthLike; readonly size?: number }) {
  const common = { width: size, height: size, viewBox: '0 0 16 16', role: 'img', 'aria-label': LABEL[state] } as const;
  switch (state) {
    case 'healthy':
      return (<svg {...common}><circle cx="8" cy="8" r="7" fill="var(--healthy)" /><path d="M4.5 8.2l2.2 2.2 4.6-4.8" stroke="#fff" strokeWidth="1.8" fill="none" strokeLinecap="round" strokeLinejoin="round" /></svg>);
    case 'warning':
      return (<svg {...common}><path d="M8 1.2l7 12.8H1z" fill="var(--warning)" /><rect x="7.1" y="5.4" width="1.8" height="4.6" rx=".9" fill="#fff" /><circle cx="8" cy="11.9" r="1" fill="#fff" /></svg>);
    case 'critical':
      return (<svg {...common}><path d="M5.1 1h5.8L15 5.1v5.8L10.9 15H5.1L1 10.9V5.1z" fill="var(--critical)" /><path d="M5.4 5.4l5.2 5.2M10.6 5.4l-5.2 5.2" stroke="#fff" strokeWidth="1.8" strokeLinecap="round" /></svg>);
    case 'maintenance':
      return (<svg {...common}><circle cx="8" cy="8" r="7" fill="var(--maintenance)" /><path d="M10.9 4.1a2.4 2.4 0 00-3 3L4.3 10.7a.9.9 0 001.3 1.3l3.6-3.6a2.4 2.4 0 003-3l-1.4 1.4-1.2-.2-.2-1.2z" fill="#fff" /></svg>);
    default:
      return (<svg {...common}><circle cx="8" cy="8" r="7" fill="var(--unknown)" /><path d="M6.2 6.2a1.9 1.9 0 113 1.5c-.7.4-1.2.8-1.2 1.6" stroke="#fff" strokeWidth="1.6" fill="none" strokeLinecap="round" /><circle cx="8" cy="11.7" r="1" fill="#fff" /></svg>);
  }
}

export function Health({ state, label = true }: { readonly state: HealthLike; readonly label?: boolean }) {
  return (
    <span className="health" data-health={state}>
      <HealthIcon state={state} />
      {label ? <span>{LABEL[state]}</span> : null}
    </span>
  );
}

const SEVERITY_STATE: Record<AlertSeverityValue, HealthLike> = { critical: 'critical', warning: 'warning', information: 'unknown' };
const SEVERITY_LABEL: Record<AlertSeverityValue, string> = { critical: 'Critical', warning: 'Warning', information: 'Information' };

export function Severity({ severity }: { readonly severity: AlertSeverityValue }) {
  if (severity === 'information') {
    return (
      <span className="health" data-severity="information">
        <svg width="16" height="16" viewBox="0 0 16 16" role="img" aria-label="Information"><circle cx="8" cy="8" r="7" fill="var(--info)" /><rect x="7.1" y="6.8" width="1.8" height="5" rx=".9" fill="#fff" /><circle cx="8" cy="4.6" r="1" fill="#fff" /></svg>
        <span>{SEVERITY_LABEL[severity]}</span>
      </span>
    );
  }
  return (
    <span className="health" data-severity={severity}>
      <HealthIcon state={SEVERITY_STATE[severity]} />
      <span>{SEVERITY_LABEL[severity]}</span>
    </span>
  );
}

export function Pill({ tone, children }: { readonly tone: HealthLike | 'information'; readonly children: React.ReactNode }) {
  return <span className={`pill ${tone}`}>{children}</span>;
}
