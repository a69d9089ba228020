// Vigil's mark: an eye over a pulse line.
export function Logo({ size = 20, dark = false }: { readonly size?: number; readonly dark?: boolean }) {
  return (
    <svg width={size} height={size} viewBox="0 0 24 24" aria-hidden="true">
      <rect width="24" height="24" rx="6" fill={dark ? '#14213d' : '#2f6fdf'} />
      <path d="M3 13h4l2-5 3 9 2.5-6 1.5 2H21" stroke="#7ee2a8" strokeWidth="2" fill="none" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}
