// Builds the agent's self-contained executables (`npm run build:agent`):
//   1. esbuild bundles the CLI (src/cli/executable-entry.ts) into one CommonJS file;
//   2. the pinned Linux Node binary writes a single-executable-application blob of it
//      (no code cache, no snapshot: the same blob is valid for the Windows node.exe of the
//      same version); the Windows blob also carries nssm.exe, the service wrapper;
//   3. postject injects the blob into a copy of each platform's Node binary.
// Writes agent/dist/roomwarden-agent-linux-x64, agent/dist/roomwarden-agent-win-x64.exe
// and agent/dist/roomwarden-agent.json ({version, node, files}).
//
//   node --import tsx agent/build/build-executables.ts [--version V] [--out DIR] [--platform linux-x64|win-x64]
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { NODE_RUNTIMES, NODE_VERSION, NSSM, pinnedFile, type BuildPlatform } from './node-runtimes.ts';

const AGENT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_OUT_DIR = path.join(AGENT_DIR, 'dist');
export const DEFAULT_CACHE_DIR = path.join(AGENT_DIR, '..', 'node_modules', '.cache', 'roomwarden-agent-build');
const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';
/** The name the Windows build's embedded service wrapper is read back under (sea.getRawAsset). */
export const NSSM_ASSET = 'nssm.exe';

export const EXECUTABLE_NAMES: Record<BuildPlatform, string> = {
  'linux-x64': 'roomwarden-agent-linux-x64',
  'win-x64': 'roomwarden-agent-win-x64.exe',
};
export const MANIFEST_NAME = 'roomwarden-agent.json';

export interface BuildOptions {
  version?: string;
  outDir?: string;
  cacheDir?: string;
  platforms?: readonly BuildPlatform[];
  log?: (line: string) => void;
}

export interface BuiltFile {
  platform: BuildPlatform;
  file: string;
  size: number;
  sha256: string;
}

export interface BuildManifest {
  version: string;
  node: string;
  builtAt: string;
  files: BuiltFile[];
}

function packageVersion(): string {
  return (JSON.parse(fs.readFileSync(path.join(AGENT_DIR, 'package.json'), 'utf8')) as { version: string }).version;
}

function sha256Of(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

async function bundle(version: string, outFile: string): Promise<void> {
  await build({
    entryPoints: [path.join(AGENT_DIR, 'src', 'cli', 'executable-entry.ts')],
    outfile: outFile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    // ws's optional native speed-ups: the agent runs without them (see agent/README.md).
    external: ['bufferutil', 'utf-8-validate'],
    define: { ROOMWARDEN_AGENT_BUILD_VERSION: JSON.stringify(version) },
    legalComments: 'none',
    logLevel: 'warning',
  });
}

async function injectBlob(blob: Buffer, target: string, nodeBinary: string): Promise<void> {
  const tmp = `${target}.tmp-${process.pid}`;
  fs.copyFileSync(nodeBinary, tmp);
  fs.chmodSync(tmp, 0o755);
  const { inject } = createRequire(import.meta.url)('postject') as {
    inject: (file: string, name: string, data: Buffer, options: { sentinelFuse: string }) => Promise<void>;
  };
  // postject warns that the Windows binary's Authenticode signature no longer matches: signing is the customer's step.
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    if (!String(args[0]).includes('signature')) warn(...args);
  };
  try {
    await inject(tmp, 'NODE_SEA_BLOB', blob, { sentinelFuse: SEA_FUSE });
  } finally {
    console.warn = warn;
  }
  fs.renameSync(tmp, target);
}

export async function buildAgentExecutables(options: BuildOptions = {}): Promise<BuildManifest> {
  const version = options.version ?? packageVersion();
  const outDir = options.outDir ?? DEFAULT_OUT_DIR;
  const cacheDir = options.cacheDir ?? DEFAULT_CACHE_DIR;
  const platforms = options.platforms ?? (['linux-x64', 'win-x64'] as const);
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  fs.mkdirSync(outDir, { recursive: true });
  const work = fs.mkdtempSync(path.join(outDir, '.build-'));
  try {
    const bundleFile = path.join(work, 'roomwarden-agent.cjs');
    await bundle(version, bundleFile);
    log(`bundled the agent ${version} (${(fs.statSync(bundleFile).size / 1024).toFixed(0)} KiB)`);
    // The blob is made by the same Node version it runs on: the pinned Linux binary.
    const linuxNode = pinnedFile(NODE_RUNTIMES['linux-x64'], cacheDir, log);
    const files: BuiltFile[] = [];
    for (const platform of platforms) {
      const seaConfig = path.join(work, `sea-${platform}.json`);
      const blobFile = path.join(work, `sea-${platform}.blob`);
      const assets = platform === 'win-x64' ? { [NSSM_ASSET]: pinnedFile(NSSM, cacheDir, log) } : {};
      fs.writeFileSync(seaConfig, JSON.stringify({ main: bundleFile, output: blobFile, disableExperimentalSEAWarning: true, useSnapshot: false, useCodeCache: false, assets }));
      execFileSync(linuxNode, ['--experimental-sea-config', seaConfig], { stdio: ['ignore', 'ignore', 'inherit'] });
      const target = path.join(outDir, EXECUTABLE_NAMES[platform]);
      await injectBlob(fs.readFileSync(blobFile), target, pinnedFile(NODE_RUNTIMES[platform], cacheDir, log));
      const built = { platform, file: EXECUTABLE_NAMES[platform], size: fs.statSync(target).size, sha256: sha256Of(target) };
      files.push(built);
      log(`built ${target} (${(built.size / 1024 / 1024).toFixed(1)} MiB, sha256 ${built.sha256})`);
    }
    const manifest: BuildManifest = { version, node: NODE_VERSION, builtAt: new Date().toISOString(), files };
    const manifestFile = path.join(outDir, MANIFEST_NAME);
    const previous = fs.existsSync(manifestFile) ? (JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as BuildManifest) : undefined;
    // A partial build (one platform) keeps the other platform's entry when its file is still there.
    const kept = (previous?.version === version ? previous.files : []).filter((f) => !platforms.includes(f.platform) && fs.existsSync(path.join(outDir, f.file)));
    const written = { ...manifest, files: [...kept, ...files] };
    fs.writeFileSync(manifestFile, `${JSON.stringify(written, null, 2)}\n`);
    return written;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

async function cli(): Promise<void> {
  const { values } = parseArgs({ options: { version: { type: 'string' }, out: { type: 'string' }, platform: { type: 'string', multiple: true } }, strict: true });
  const platforms = values.platform?.map((p) => {
    if (p !== 'linux-x64' && p !== 'win-x64') throw new Error(`--platform must be linux-x64 or win-x64 (got ${p})`);
    return p;
  });
  const started = Date.now();
  await buildAgentExecutables({ ...(values.version ? { version: values.version } : {}), ...(values.out ? { outDir: path.resolve(values.out) } : {}), ...(platforms ? { platforms } : {}) });
  process.stdout.write(`agent executables built in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  cli().catch((err: unknown) => {
    process.stderr.write(`build:agent failed: ${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
  });
}
