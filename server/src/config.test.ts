import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('starts from sane defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ port: 8080, region: 'default', databaseUrl: undefined, metricsToken: undefined, secureCookies: false, publicUrl: 'http://localhost:8080' });
  });

  it('names every bad value in one error, with what it got', () => {
    const problems = problemsOf({ ROOMWARDEN_PORT: '70000', ROOMWARDEN_REGION: 'EU West', DATABASE_URL: 'mysql://x', ROOMWARDEN_LOG_LEVEL: 'loud' });
    expect(problems).toHaveLength(4);
    expect(problems.find((p) => p.startsWith('ROOMWARDEN_PORT:'))).toContain('"70000"');
    expect(problems.find((p) => p.startsWith('ROOMWARDEN_REGION:'))).toContain('lowercase letters, digits and dashes');
    expect(problems.find((p) => p.startsWith('ROOMWARDEN_LOG_LEVEL:'))).toContain('"loud"');
    expect(problems.some((p) => p.startsWith('DATABASE_URL:') && p.includes('postgres://'))).toBe(true);
  });

  it('trusts no proxy unless told, and names a bad ROOMWARDEN_TRUST_PROXY', () => {
    expect(loadConfig({}).trustProxy).toEqual([]);
    expect(loadConfig({ ROOMWARDEN_TRUST_PROXY: '10.0.0.5, 192.168.0.0/16,fd00::/8' }).trustProxy).toEqual(['10.0.0.5', '192.168.0.0/16', 'fd00::/8']);
    for (const bad of ['proxy.local', '10.0.0.0/33', '10.0.0.1/8/2', ',', '::1/129']) {
      const problems = problemsOf({ ROOMWARDEN_TRUST_PROXY: bad });
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(/^ROOMWARDEN_TRUST_PROXY: addresses or CIDR blocks/);
    }
  });

  it('never echoes a secret back', () => {
    const problems = problemsOf({ ROOMWARDEN_ADMIN_PASSWORD: 'short-pw', ROOMWARDEN_METRICS_TOKEN: 'tiny', DATABASE_URL: 'mysql://user:hunter2@db' });
    expect(problems).toHaveLength(3);
    for (const p of problems) {
      expect(p).not.toMatch(/short-pw|tiny|hunter2/);
      expect(p).toMatch(/a value of \d+ characters/);
    }
  });

  it('takes a 32-byte secrets key, and refuses another without showing it', () => {
    const key = Buffer.alloc(32, 7);
    expect(loadConfig({ ROOMWARDEN_SECRETS_KEY: key.toString('base64') }).secretsKey?.equals(key)).toBe(true);
    const [problem] = problemsOf({ ROOMWARDEN_SECRETS_KEY: 'not-a-key' });
    expect(problem).toMatch(/^ROOMWARDEN_SECRETS_KEY: must be 32 bytes/);
    expect(problem).not.toContain('not-a-key');
  });

  it('wants the TLS certificate and key together', () => {
    expect(problemsOf({ ROOMWARDEN_TLS_CERT: '/etc/rw/cert.pem' })).toEqual(['ROOMWARDEN_TLS_CERT and ROOMWARDEN_TLS_KEY must be set together']);
  });

  it('reads region URLs and the metrics token', () => {
    const c = loadConfig({ ROOMWARDEN_REGION_URLS: 'emea=https://eu.example.com/,us=https://us.example.com', ROOMWARDEN_METRICS_TOKEN: 'a-long-enough-scrape-token' });
    expect(c.regionUrls).toEqual({ emea: 'https://eu.example.com', us: 'https://us.example.com' });
    expect(c.metricsToken).toBe('a-long-enough-scrape-token');
  });

  it('refuses cluster mode (NATS_URL) on PGlite, naming the fix, and asks for a node id and public URL', () => {
    const problems = problemsOf({ NATS_URL: 'nats://127.0.0.1:4222' });
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/^NATS_URL is set but DATABASE_URL is not: a cluster needs one shared PostgreSQL/);
    expect(problems[0]).toContain('unset NATS_URL');
    expect(problems[1]).toMatch(/ROOMWARDEN_NODE_ID/);
    expect(problems[2]).toMatch(/ROOMWARDEN_PUBLIC_URL/);
    expect(problemsOf({ NATS_URL: 'nats://n:4222', DATABASE_URL: 'postgres://db/x', ROOMWARDEN_NODE_ID: 'a b', ROOMWARDEN_PUBLIC_URL: 'http://a:1' })).toEqual([
      'ROOMWARDEN_NODE_ID: letters, digits, dashes and underscores, at most 64 (got "a b")',
    ]);
  });

  it('accepts a full cluster node and keeps one node free of cluster settings', () => {
    const c = loadConfig({ NATS_URL: 'nats://127.0.0.1:4222', DATABASE_URL: 'postgres://root@127.0.0.1/x', ROOMWARDEN_NODE_ID: 'emea-1', ROOMWARDEN_PUBLIC_URL: 'http://emea-1:8080/', ROOMWARDEN_REGION: 'emea' });
    expect(c).toMatchObject({ natsUrl: 'nats://127.0.0.1:4222', nodeId: 'emea-1', publicUrl: 'http://emea-1:8080', region: 'emea' });
    expect(loadConfig({ ROOMWARDEN_NODE_ID: 'solo' }).natsUrl).toBeUndefined();
  });
});
