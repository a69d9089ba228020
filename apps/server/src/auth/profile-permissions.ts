// Which permissions each profile grants: Vigil's policy, after SCOM's profiles. Administrators
// can do everything. Read-only operators read the fleet and its monitoring data (alerts, state,
// performance, events, groups, packs, overrides). Operators also work alerts, run tasks and
// start maintenance; advanced operators also override monitors and rules; authors also create
// groups. Report operators see reports only. Pending-agent/gateway approval, pack import,
// pools and group settings are administrator work, as in SCOM.
import { PERMISSIONS, type Permission, type Profile } from '@vigil/protocol';

const FLEET_READ: readonly Permission[] = ['agents:read', 'servers:read', 'pools:read', 'monitoring:read', 'packs:read'];
const OPERATE: readonly Permission[] = [...FLEET_READ, 'alerts:update', 'tasks:run', 'maintenance:manage'];
const ADVANCED: readonly Permission[] = [...OPERATE, 'overrides:manage'];

export const PROFILE_PERMISSIONS: Readonly<Record<Profile, ReadonlySet<Permission>>> = {
  administrator: new Set(PERMISSIONS),
  'advanced-operator': new Set(ADVANCED),
  author: new Set([...ADVANCED, 'groups:manage']),
  operator: new Set(OPERATE),
  'read-only-operator': new Set(FLEET_READ),
  'report-operator': new Set(),
};

/** The union of what the profiles grant. */
export function permissionsOf(profiles: Iterable<Profile>): ReadonlySet<Permission> {
  const granted = new Set<Permission>();
  for (const profile of profiles) for (const permission of PROFILE_PERMISSIONS[profile]) granted.add(permission);
  return granted;
}
