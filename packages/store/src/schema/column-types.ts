// Column value types shared by several tables.

/** Stored health states; 'maintenance' is shown, never stored (see in_maintenance). */
export type HealthStateColumn = 'healthy' | 'warning' | 'critical' | 'unknown';
