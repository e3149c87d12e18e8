import argon2 from 'argon2';

const OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;
let dummyHash: Promise<string> | undefined;

export async function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, OPTIONS);
}

/** Verifies; with no stored hash, spends the same time on a dummy so timing does not tell. */
export async function verifyPassword(stored: string | null, password: string): Promise<boolean> {
  if (!stored) {
    dummyHash ??= argon2.hash('not-a-real-password', OPTIONS);
    await argon2.verify(await dummyHash, password);
    return false;
  }
  return argon2.verify(stored, password);
}

export function passwordProblem(password: string): string | undefined {
  if (password.length < 12) return 'The password must be at least 12 characters long';
  if (password.length > 256) return 'The password must be at most 256 characters long';
  return undefined;
}
