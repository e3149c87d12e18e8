export * from './errors.ts';
export * from './permissions.ts';
export * from './health.ts';
export * from './agent-messages.ts';
export * from './api-views.ts';
export * from './rfb/index.ts';
export * from './session-end-reasons.ts';
export * from './versions.ts';
