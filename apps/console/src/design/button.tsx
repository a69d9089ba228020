// Buttons. A button the caller may not use stays visible but disabled, and says why (title and
// aria-describedby), so a read-only operator sees what exists and why it is out of reach.
import { useId, type ReactNode } from 'react';

export interface ButtonProps {
  readonly children: ReactNode;
  readonly onClick?: () => void;
  readonly variant?: 'primary' | 'secondary' | 'danger' | 'ghost';
  readonly size?: 'normal' | 'small';
  readonly icon?: boolean;
  readonly type?: 'button' | 'submit';
  /** Set = the button is disabled and this sentence explains why. */
  readonly disabledReason?: string | undefined;
  readonly busy?: boolean;
  readonly title?: string;
  readonly shortcut?: string;
  readonly testId?: string;
}

export function Button({ children, onClick, variant = 'secondary', size = 'normal', icon = false, type = 'button', disabledReason, busy = false, title, shortcut, testId }: ButtonProps) {
  const reasonId = useId();
  const disabled = disabledReason !== undefined || busy;
  const classes = ['btn', variant === 'secondary' ? '' : variant, size === 'small' ? 'small' : '', icon ? 'icon' : ''].filter(Boolean).join(' ');
  return (
    <button
      type={type}
      className={classes}
      aria-disabled={disabled || undefined}
      aria-describedby={disabledReason ? reasonId : undefined}
      aria-busy={busy || undefined}
      title={disabledReason ?? title ?? (shortcut ? `Shortcut: ${shortcut}` : undefined)}
      data-testid={testId}
      onClick={(event) => {
        if (disabled) {
          event.preventDefault();
          return;
        }
        onClick?.();
      }}
    >
      {children}
      {shortcut && !icon ? <span className="kbd" aria-hidden="true">{shortcut}</span> : null}
      {disabledReason ? <span id={reasonId} className="sr-only">{disabledReason}</span> : null}
    </button>
  );
}
