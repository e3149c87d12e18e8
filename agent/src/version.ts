// The agent's version: agent/package.json's, or the one the executable build stamped in
// (build/build-executables.ts defines ROOMWARDEN_AGENT_BUILD_VERSION with esbuild).
declare const ROOMWARDEN_AGENT_BUILD_VERSION: string | undefined;

/** agent/package.json's "version" (a unit test keeps the two equal). */
export const PACKAGE_VERSION = '0.1.0';

export const AGENT_VERSION: string = typeof ROOMWARDEN_AGENT_BUILD_VERSION === 'string' ? ROOMWARDEN_AGENT_BUILD_VERSION : PACKAGE_VERSION;
