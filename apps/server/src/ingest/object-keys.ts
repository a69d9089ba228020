// Object keys on the wire are class-qualified: `<ClassId>:<key>`, e.g.
// `Vigil.Core.Computer:web01.contoso.com` or `Vigil.Linux.LogicalDisk:web01.contoso.com/var`.
// The class prefix lets the management server place an object it has not seen discovered yet.

export const ROOT_CLASS = 'Vigil.Core.Entity';
export const COMPUTER_CLASS = 'Vigil.Core.Computer';
export const HEALTH_SERVICE_CLASS = 'Vigil.Core.HealthService';

const CLASS_ID = /^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z][A-Za-z0-9]*)+$/;

export function objectKey(classId: string, key: string): string {
  return `${classId}:${key}`;
}

/** The class named by a key's prefix, or the root class when the key carries none. */
export function classOfKey(key: string): string {
  const colon = key.indexOf(':');
  const prefix = colon > 0 ? key.slice(0, colon) : '';
  return CLASS_ID.test(prefix) ? prefix : ROOT_CLASS;
}

/** The human part of a key (after the class prefix). */
export function displayNameOfKey(key: string): string {
  const colon = key.indexOf(':');
  return colon > 0 && CLASS_ID.test(key.slice(0, colon)) ? key.slice(colon + 1) : key;
}

export function computerKey(hostName: string): string {
  return objectKey(COMPUTER_CLASS, hostName.toLowerCase());
}

export function healthServiceKey(agentName: string): string {
  return objectKey(HEALTH_SERVICE_CLASS, agentName);
}
