// The agent executables this server serves: agent/dist as `npm run build:agent` leaves it
// (roomwarden-agent.json names the version and the files), or ROOMWARDEN_AGENT_DIST_DIR.
// Each file's size and SHA-256 are computed once and kept until the file's size or mtime
// changes; no request reads a whole executable just to hash it again.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { AGENT_RELEASE_PLATFORMS, type AgentReleasePlatform } from '@roomwarden/protocol';

export const MANIFEST_FILE = 'roomwarden-agent.json';

const manifestSchema = z.object({
  version: z.string().min(1).max(50),
  files: z.array(z.object({ platform: z.enum(AGENT_RELEASE_PLATFORMS), file: z.string().regex(/^[A-Za-z0-9._-]+$/) })),
});

export interface ReleaseFile {
  platform: AgentReleasePlatform;
  /** The file's name as served (Content-Disposition). */
  file: string;
  /** Absolute path on this server. */
  path: string;
  size: number;
  sha256: string;
}

export interface ReleaseSet {
  version: string | null;
  files: ReleaseFile[];
  /** Why there are no builds, when there are none (for the log and the portal). */
  problem?: string;
}

/** agent/dist of this checkout, unless ROOMWARDEN_AGENT_DIST_DIR says otherwise. */
export function agentDistDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.ROOMWARDEN_AGENT_DIST_DIR || path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../agent/dist');
}

async function sha256OfFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export class ReleaseFiles {
  readonly #hashes = new Map<string, { size: number; mtimeMs: number; sha256: string }>();
  #current: ReleaseSet = { version: null, files: [], problem: 'not read yet' };
  #reading: Promise<ReleaseSet> | undefined;

  constructor(readonly dir: string) {}

  /** The last set read (what welcome offers without touching the disk). */
  get current(): ReleaseSet {
    return this.#current;
  }

  /** Reads the manifest and stats the files again; hashes only what changed. */
  refresh(): Promise<ReleaseSet> {
    this.#reading ??= this.#read().finally(() => (this.#reading = undefined));
    return this.#reading;
  }

  async #read(): Promise<ReleaseSet> {
    const manifestPath = path.join(this.dir, MANIFEST_FILE);
    let raw: string;
    try {
      raw = await fsp.readFile(manifestPath, 'utf8');
    } catch (err) {
      return (this.#current = { version: null, files: [], problem: `${manifestPath} cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}): run npm run build:agent` });
    }
    let manifest: z.infer<typeof manifestSchema>;
    try {
      manifest = manifestSchema.parse(JSON.parse(raw));
    } catch (err) {
      return (this.#current = { version: null, files: [], problem: `${manifestPath} is not a build manifest: ${(err as Error).message.slice(0, 200)}` });
    }
    const files: ReleaseFile[] = [];
    const missing: string[] = [];
    for (const entry of manifest.files) {
      const file = path.join(this.dir, entry.file);
      const st = await fsp.stat(file).catch(() => undefined);
      if (!st?.isFile()) {
        missing.push(entry.file);
        continue;
      }
      let known = this.#hashes.get(file);
      if (!known || known.size !== st.size || known.mtimeMs !== st.mtimeMs) {
        known = { size: st.size, mtimeMs: st.mtimeMs, sha256: await sha256OfFile(file) };
        this.#hashes.set(file, known);
      }
      files.push({ platform: entry.platform, file: entry.file, path: file, size: known.size, sha256: known.sha256 });
    }
    this.#current = { version: manifest.version, files, ...(missing.length ? { problem: `missing from ${this.dir}: ${missing.join(', ')}` } : {}) };
    return this.#current;
  }
}
