// Configuration from the environment, validated once at start with a clear message per bad value.
import { z } from 'zod';
import path from 'node:path';

const portSchema = z.coerce.number().int().min(1).max(65535);
const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const envSchema = z.object({
  ROOMWARDEN_PORT: portSchema.default(8080),
  ROOMWARDEN_HOST: z.string().trim().min(1).default('0.0.0.0'),
  ROOMWARDEN_DATA_DIR: z.string().trim().min(1).default('./data'),
  DATABASE_URL: optionalString.pipe(
    z.string().regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://').optional(),
  ),
  NATS_URL: optionalString.pipe(z.string().regex(/^(nats|tls):\/\//, 'must start with nats:// or tls://').optional()),
  ROOMWARDEN_PUBLIC_URL: optionalString.pipe(z.url({ protocol: /^https?$/ }).optional()),
  ROOMWARDEN_REGION: z.string().trim().regex(/^[a-z0-9-]{1,40}$/, 'lowercase letters, digits and dashes').default('default'),
  ROOMWARDEN_NODE_ID: optionalString,
  ROOMWARDEN_ADMIN_EMAIL: z.email().default('admin@roomwarden.local'),
  ROOMWARDEN_ADMIN_PASSWORD: optionalString.pipe(z.string().min(12, 'at least 12 characters').optional()),
  ROOMWARDEN_TLS_CERT: optionalString,
  ROOMWARDEN_TLS_KEY: optionalString,
  ROOMWARDEN_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ROOMWARDEN_SECURE_COOKIES: z.enum(['auto', 'true', 'false']).default('auto'),
  ROOMWARDEN_WEB_DIR: optionalString,
});

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  natsUrl: string | undefined;
  publicUrl: string;
  region: string;
  nodeId: string;
  adminEmail: string;
  adminPassword: string | undefined;
  tls: { cert: string; key: string } | undefined;
  logLevel: string;
  secureCookies: boolean;
  webDir: string | undefined;
  /** Timings that tests shorten; production uses the defaults. */
  timings: {
    heartbeatIntervalSec: number;
    authSessionIdleMinutes: number;
    authSessionMaxHours: number;
  };
}

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

export function loadConfig(env: Record<string, string | undefined> = process.env, overrides: Partial<Config> = {}): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message} (got ${JSON.stringify(env[String(i.path[0])])})`));
  }
  const e = parsed.data;
  if (Boolean(e.ROOMWARDEN_TLS_CERT) !== Boolean(e.ROOMWARDEN_TLS_KEY)) {
    throw new ConfigError(['ROOMWARDEN_TLS_CERT and ROOMWARDEN_TLS_KEY must be set together']);
  }
  const tls = e.ROOMWARDEN_TLS_CERT && e.ROOMWARDEN_TLS_KEY ? { cert: e.ROOMWARDEN_TLS_CERT, key: e.ROOMWARDEN_TLS_KEY } : undefined;
  const scheme = tls ? 'https' : 'http';
  const publicHost = e.ROOMWARDEN_HOST === '0.0.0.0' || e.ROOMWARDEN_HOST === '::' ? 'localhost' : e.ROOMWARDEN_HOST;
  const publicUrl = (e.ROOMWARDEN_PUBLIC_URL ?? `${scheme}://${publicHost}:${e.ROOMWARDEN_PORT}`).replace(/\/$/, '');
  return {
    port: e.ROOMWARDEN_PORT,
    host: e.ROOMWARDEN_HOST,
    dataDir: path.resolve(e.ROOMWARDEN_DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    natsUrl: e.NATS_URL,
    publicUrl,
    region: e.ROOMWARDEN_REGION,
    nodeId: e.ROOMWARDEN_NODE_ID ?? `node-${process.pid}`,
    adminEmail: e.ROOMWARDEN_ADMIN_EMAIL.toLowerCase(),
    adminPassword: e.ROOMWARDEN_ADMIN_PASSWORD,
    tls,
    logLevel: e.ROOMWARDEN_LOG_LEVEL,
    secureCookies: e.ROOMWARDEN_SECURE_COOKIES === 'auto' ? publicUrl.startsWith('https:') : e.ROOMWARDEN_SECURE_COOKIES === 'true',
    webDir: e.ROOMWARDEN_WEB_DIR,
    timings: { heartbeatIntervalSec: 30, authSessionIdleMinutes: 8 * 60, authSessionMaxHours: 7 * 24 },
    ...overrides,
  };
}
