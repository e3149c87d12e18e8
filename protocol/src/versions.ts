// Agent versions are dotted numbers (0.1.0, 1.12.3), optionally with a pre-release tag
// (0.2.0-rc.1 sorts before 0.2.0). The server offers an update only to an older agent.

function parts(version: string): { nums: number[]; pre: string | undefined } {
  const [core = '', pre] = version.trim().split('-', 2);
  return { nums: core.split('.').map((n) => (/^\d+$/.test(n) ? Number(n) : 0)), pre };
}

/** Negative when a is older than b, 0 when equal, positive when newer. */
export function compareAgentVersions(a: string, b: string): number {
  const pa = parts(a);
  const pb = parts(b);
  for (let i = 0; i < Math.max(pa.nums.length, pb.nums.length); i++) {
    const d = (pa.nums[i] ?? 0) - (pb.nums[i] ?? 0);
    if (d !== 0) return d;
  }
  if (pa.pre === pb.pre) return 0;
  if (pa.pre === undefined) return 1;
  if (pb.pre === undefined) return -1;
  return pa.pre < pb.pre ? -1 : 1;
}

export function isOlderAgentVersion(version: string, than: string): boolean {
  return compareAgentVersions(version, than) < 0;
}
