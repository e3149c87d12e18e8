// Configuration from the environment, validated once at start with a clear message per bad value.
import { z } from 'zod';
import path from 'node:path';
import { isIP } from 'node:net';
import { parseSecretsKey } from './secrets/secret-box.ts';

const portSchema = z.coerce.number().int().min(1).max(65535);
const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

/** An address (`10.0.0.5`, `::1`) or a CIDR block (`10.0.0.0/8`, `fd00::/8`). */
export function isAddressOrCidr(v: string): boolean {
  const [addr = '', prefix, ...rest] = v.split('/');
  const family = isIP(addr);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

const trustProxySchema = optionalString.pipe(
  z
    .string()
    .transform((v) => v.split(',').map((p) => p.trim()).filter(Boolean))
    .refine((list) => list.length > 0 && list.every(isAddressOrCidr), 'addresses or CIDR blocks separated by commas, e.g. 10.0.0.5,192.168.0.0/16')
    .optional(),
);

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
  /** Other regions' public URLs, for the gateway URL given at enrollment: `emea=https://eu.example.com,us=https://us.example.com`. */
  ROOMWARDEN_REGION_URLS: optionalString.pipe(
    z
      .string()
      .regex(/^([a-z0-9-]{1,40}=https?:\/\/[^,\s]+)(,[a-z0-9-]{1,40}=https?:\/\/[^,\s]+)*$/, 'region=url pairs separated by commas')
      .optional(),
  ),
  ROOMWARDEN_ADMIN_EMAIL: z.email().default('admin@roomwarden.local'),
  ROOMWARDEN_ADMIN_PASSWORD: optionalString.pipe(z.string().min(12, 'at least 12 characters').optional()),
  ROOMWARDEN_TLS_CERT: optionalString,
  ROOMWARDEN_TLS_KEY: optionalString,
  ROOMWARDEN_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ROOMWARDEN_LOG_REQUESTS: z.enum(['true', 'false']).default('false'),
  ROOMWARDEN_SECURE_COOKIES: z.enum(['auto', 'true', 'false']).default('auto'),
  ROOMWARDEN_WEB_DIR: optionalString,
  ROOMWARDEN_OIDC_ALLOW_INSECURE_ISSUER: z.enum(['true', 'false']).default('false'),
  ROOMWARDEN_METRICS_TOKEN: optionalString.pipe(z.string().min(16, 'at least 16 characters').optional()),
  ROOMWARDEN_SECRETS_KEY: optionalString,
  /** Reverse proxies whose X-Forwarded-For is believed: addresses or CIDR blocks; unset, none. */
  ROOMWARDEN_TRUST_PROXY: trustProxySchema,
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
  /** One info line per HTTP request (else the request lines are at debug). */
  logRequests: boolean;
  secureCookies: boolean;
  webDir: string | undefined;
  /** When set, GET /metrics needs `Authorization: Bearer <this>`; unset, /metrics is open (scrape inside a private network). */
  metricsToken: string | undefined;
  /** Reverse proxies (addresses, CIDR blocks) whose X-Forwarded-For gives the client's address; empty: trust none. */
  trustProxy: string[];
  /** Seals stored secrets (the OIDC client secret); unset, a key file in the data directory is used. */
  secretsKey: Buffer | undefined;
  /** OpenID Connect over plain HTTP: a local test issuer only, never a default. */
  oidcAllowInsecureIssuer: boolean;
  /** Seconds added to this server's clock when checking ID token times (a clock known to be off; tests). */
  oidcClockSkewSeconds: number;
  /** Timings that tests shorten; production uses the defaults. */
  timings: {
    heartbeatIntervalSec: number;
    authSessionIdleMinutes: number;
    authSessionMaxHours: number;
    /** Agents: a full health report every this many seconds (sent in welcome). */
    fullReportIntervalSec: number;
    /** Agents: the room is offline after this many heartbeat intervals without one. */
    offlineAfterMissedHeartbeats: number;
    /** Agents: a connection that sends no hello within this time is closed. */
    helloTimeoutMs: number;
    /** Agents: period of the one sweep timer (hello timeouts, offline detection). */
    agentSweepMs: number;
    /** Agents: period of the batched last-seen write. */
    lastSeenFlushMs: number;
    /** Live events: keep-alive comment period, and how old a subscriber's grants may get. */
    sseKeepAliveMs: number;
    sseGrantsRefreshMs: number;
    /** Remote sessions: length of one "minute" of the idle and maximum limits (tests shorten it). */
    sessionMinuteMs: number;
    /** Remote sessions: lifetime of a one-time viewer or agent ticket. */
    sessionTicketTtlMs: number;
    /** Remote sessions: how long a connected viewer waits for the agent's data connection. */
    sessionPairTimeoutMs: number;
    /** Remote sessions: a session nobody connected to within this time ends. */
    sessionPendingTimeoutMs: number;
    /** Remote sessions: period of the sweep (limits, timeouts) and of the permission re-check. */
    sessionSweepMs: number;
    sessionRecheckMs: number;
    /** Remote sessions: an observer whose viewer reads nothing (its stream paused) this long is dropped. */
    sessionObserverStallMs: number;
    /** Room actions: an action with no result from its agent after this long ends as timed_out (longer than the agent's own 120 s command timeout). */
    roomActionTimeoutMs: number;
    /** Room actions: period of the sweep that marks them timed out. */
    roomActionSweepMs: number;
    /** HTTP: the request headers must arrive within this time (slow-headers clients are cut). */
    httpHeadersTimeoutMs: number;
    /** HTTP: the whole request, body included, must arrive within this time (a body that never finishes is cut, 408). */
    httpRequestTimeoutMs: number;
    /** HTTP: an idle keep-alive connection is closed after this long (longer than a reverse proxy's idle timeout). */
    httpKeepAliveTimeoutMs: number;
    /** HTTP: a connection with no traffic either way for this long is closed (event streams and WebSockets are exempt). */
    httpIdleTimeoutMs: number;
    /** Notifications (issue 14 C): the outbox poll (a fallback: writes nudge the dispatcher), the first retry's delay (it doubles), each request's timeout, and a sender's lease on an item. */
    notificationPollMs: number;
    notificationRetryBaseMs: number;
    notificationRequestTimeoutMs: number;
    notificationLeaseMs: number;
    /** Cluster (issue 12): a node's heartbeat period; a node that misses 3 is gone. */
    clusterHeartbeatMs: number;
    /** Cluster: period of the once-only sweep (rooms and sessions a gone node left), run by the holder of its lease. */
    clusterSweepMs: number;
  };
  /** Live event streams (SSE) one user may hold open at once; the next is 429 RATE_LIMITED. */
  liveEventStreamsPerUser: number;
  /** Gateway base URL (http/https) per region, for nodes of other regions; this node's region uses publicUrl. */
  regionUrls: Record<string, string>;
}

export const DEFAULT_TIMINGS: Config['timings'] = {
  heartbeatIntervalSec: 30,
  authSessionIdleMinutes: 8 * 60,
  authSessionMaxHours: 7 * 24,
  fullReportIntervalSec: 300,
  offlineAfterMissedHeartbeats: 3,
  helloTimeoutMs: 10_000,
  agentSweepMs: 1_000,
  lastSeenFlushMs: 5_000,
  sseKeepAliveMs: 15_000,
  sseGrantsRefreshMs: 5_000,
  sessionMinuteMs: 60_000,
  sessionTicketTtlMs: 45_000,
  sessionPairTimeoutMs: 15_000,
  sessionPendingTimeoutMs: 60_000,
  sessionSweepMs: 500,
  sessionRecheckMs: 3_000,
  sessionObserverStallMs: 5_000,
  roomActionTimeoutMs: 150_000,
  roomActionSweepMs: 1_000,
  httpHeadersTimeoutMs: 15_000,
  httpRequestTimeoutMs: 60_000,
  httpKeepAliveTimeoutMs: 72_000,
  httpIdleTimeoutMs: 120_000,
  notificationPollMs: 5_000,
  notificationRetryBaseMs: 10_000,
  notificationRequestTimeoutMs: 10_000,
  notificationLeaseMs: 60_000,
  clusterHeartbeatMs: 5_000,
  clusterSweepMs: 5_000,
};

export const DEFAULT_LIVE_EVENT_STREAMS_PER_USER = 10;

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Secrets are never echoed back in a configuration error (it ends up in logs). */
const SECRET_NAMES = new Set(['ROOMWARDEN_ADMIN_PASSWORD', 'ROOMWARDEN_METRICS_TOKEN', 'ROOMWARDEN_SECRETS_KEY', 'DATABASE_URL']);
const shownValue = (name: string, value: string | undefined): string =>
  SECRET_NAMES.has(name) && value !== undefined ? `a value of ${value.length} characters` : JSON.stringify(value);

/** Cluster mode (NATS_URL set) needs the shared PostgreSQL, a node id that stays the same
 * across restarts (required, never derived: a pid or host name changes or collides), and a
 * public URL that agents and browsers reach this node by. */
function clusterModeProblems(e: z.infer<typeof envSchema>): string[] {
  if (e.NATS_URL === undefined) return [];
  const problems: string[] = [];
  if (e.DATABASE_URL === undefined) {
    problems.push('NATS_URL is set but DATABASE_URL is not: a cluster needs one shared PostgreSQL (set DATABASE_URL=postgres://…), or unset NATS_URL to run one node on PGlite');
  }
  if (e.ROOMWARDEN_NODE_ID === undefined) {
    problems.push('NATS_URL is set but ROOMWARDEN_NODE_ID is not: each node of a cluster needs its own stable id (e.g. ROOMWARDEN_NODE_ID=emea-1)');
  } else if (!/^[A-Za-z0-9_-]{1,64}$/.test(e.ROOMWARDEN_NODE_ID)) {
    problems.push(`ROOMWARDEN_NODE_ID: letters, digits, dashes and underscores, at most 64 (got ${JSON.stringify(e.ROOMWARDEN_NODE_ID)})`);
  }
  if (e.ROOMWARDEN_PUBLIC_URL === undefined) {
    problems.push('NATS_URL is set but ROOMWARDEN_PUBLIC_URL is not: each node of a cluster needs the URL agents and browsers reach it by (e.g. ROOMWARDEN_PUBLIC_URL=https://emea-1.example.com)');
  }
  return problems;
}

export function loadConfig(env: Record<string, string | undefined> = process.env, overrides: Partial<Config> = {}): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message} (got ${shownValue(String(i.path[0]), env[String(i.path[0])])})`));
  }
  const e = parsed.data;
  if (Boolean(e.ROOMWARDEN_TLS_CERT) !== Boolean(e.ROOMWARDEN_TLS_KEY)) {
    throw new ConfigError(['ROOMWARDEN_TLS_CERT and ROOMWARDEN_TLS_KEY must be set together']);
  }
  let secretsKey: Buffer | undefined;
  if (e.ROOMWARDEN_SECRETS_KEY !== undefined) {
    try {
      secretsKey = parseSecretsKey(e.ROOMWARDEN_SECRETS_KEY);
    } catch (err) {
      throw new ConfigError([`ROOMWARDEN_SECRETS_KEY: ${(err as Error).message} (got ${shownValue('ROOMWARDEN_SECRETS_KEY', e.ROOMWARDEN_SECRETS_KEY)})`]);
    }
  }
  const clusterProblems = clusterModeProblems(e);
  if (clusterProblems.length > 0) throw new ConfigError(clusterProblems);
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
    logRequests: e.ROOMWARDEN_LOG_REQUESTS === 'true',
    secureCookies: e.ROOMWARDEN_SECURE_COOKIES === 'auto' ? publicUrl.startsWith('https:') : e.ROOMWARDEN_SECURE_COOKIES === 'true',
    webDir: e.ROOMWARDEN_WEB_DIR,
    metricsToken: e.ROOMWARDEN_METRICS_TOKEN,
    secretsKey,
    trustProxy: e.ROOMWARDEN_TRUST_PROXY ?? [],
    oidcAllowInsecureIssuer: e.ROOMWARDEN_OIDC_ALLOW_INSECURE_ISSUER === 'true',
    oidcClockSkewSeconds: 0,
    timings: { ...DEFAULT_TIMINGS },
    liveEventStreamsPerUser: DEFAULT_LIVE_EVENT_STREAMS_PER_USER,
    regionUrls: Object.fromEntries((e.ROOMWARDEN_REGION_URLS ?? '').split(',').filter(Boolean).map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1).replace(/\/$/, '')])),
    ...overrides,
  };
}
