// What services need of a logger: pino's levels. The app hands them Fastify's logger
// (pino), so services log in the same structured lines without knowing of HTTP.
import type { BaseLogger } from 'pino';

export type Log = Pick<BaseLogger, 'error' | 'warn' | 'info' | 'debug'>;
