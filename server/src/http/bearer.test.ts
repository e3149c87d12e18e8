import { describe, expect, it } from 'vitest';
import { bearerMatches, bearerTokenOf } from './bearer.ts';

describe('bearerMatches', () => {
  const token = 'scrape-token-0123456789';
  it('accepts the exact token, in any case of the scheme', () => {
    expect(bearerMatches(`Bearer ${token}`, token)).toBe(true);
    expect(bearerMatches(`bearer ${token}`, token)).toBe(true);
  });
  it('refuses a missing header, another scheme, a prefix, a longer token and an empty one', () => {
    expect(bearerMatches(undefined, token)).toBe(false);
    expect(bearerMatches(`Basic ${token}`, token)).toBe(false);
    expect(bearerMatches(`Bearer ${token.slice(0, -1)}`, token)).toBe(false);
    expect(bearerMatches(`Bearer ${token}x`, token)).toBe(false);
    expect(bearerMatches('Bearer ', token)).toBe(false);
    expect(bearerMatches(`Bearer ${token} extra`, token)).toBe(false);
  });
});

describe('bearerTokenOf', () => {
  it('reads the token of a Bearer header only', () => {
    expect(bearerTokenOf('Bearer rwt_abc')).toBe('rwt_abc');
    expect(bearerTokenOf('bearer  rwt_abc ')).toBe('rwt_abc');
    expect(bearerTokenOf('Basic dXNlcjpwdw==')).toBeUndefined();
    expect(bearerTokenOf('Bearer ')).toBeUndefined();
    expect(bearerTokenOf(undefined)).toBeUndefined();
  });
});
