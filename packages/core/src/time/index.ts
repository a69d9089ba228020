// Subpath @vigil/core/time: the injected Clock, the system clock and the fake clock for tests.
export * from './clock.ts';
