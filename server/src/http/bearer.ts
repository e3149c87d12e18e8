// `Authorization: Bearer <token>`: the one place that reads it (API and SCIM tokens, the
// metrics token).
import { safeEqual, sha256Hex } from '../secrets/random-secrets.ts';

/** The token of a Bearer authorization header (the scheme in any case), or undefined. */
export function bearerTokenOf(header: string | undefined): string | undefined {
  return /^Bearer\s+(\S+)\s*$/i.exec(header ?? '')?.[1];
}

/** Whether the header carries exactly `expected`; compared as digests, so in constant time whatever the guess. */
export function bearerMatches(header: string | undefined, expected: string): boolean {
  const token = bearerTokenOf(header);
  return token !== undefined && safeEqual(sha256Hex(token), sha256Hex(expected));
}
