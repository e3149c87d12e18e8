export * from './errors.ts';
export * from './permissions.ts';
export * from './health.ts';
export * from './agent-messages.ts';
export * from './api-views.ts';
export * from './rfb/index.ts';
export * from './session-end-reasons.ts';
export * from './session-start.ts';
export * from './live-events.ts';
export * from './bus-events.ts';
export * from './versions.ts';
export * from './storable-text.ts';
export * from './audit-catalogue.ts';
export * from './room-scope.ts';
// issue 14 C: notifications
export * from './notifications.ts';
