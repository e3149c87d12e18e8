// The house's layers are enforced by lint (eslint.config.js): each zone fails on a
// deliberate violation, linted as if it were a line of a real file in that layer.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const eslint = new ESLint({ cwd: root });

async function problems(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return (result?.messages ?? []).map((m) => `${m.ruleId ?? 'parse'}: ${m.message}`);
}

const restricted = (list: string[]) => list.filter((m) => m.startsWith('no-restricted-imports'));

// The first lint builds the TypeScript program (type-aware rules): seconds on a busy machine.
describe('lint keeps the layers', { timeout: 120_000 }, () => {
  it('refuses a repository that imports a service', async () => {
    const found = await problems('server/src/repositories/rooms.repository.ts', "import type { Caller } from '../access/caller.ts';\nexport type X = Caller;\n");
    expect(restricted(found)).toEqual([expect.stringContaining('repositories never import services')]);
  });

  it('refuses a route that imports a repository', async () => {
    const found = await problems('server/src/routes/rooms.routes.ts', "import type { RoomRecord } from '../repositories/rooms.repository.ts';\nexport type X = RoomRecord;\n");
    expect(restricted(found)).toEqual([expect.stringContaining('routes call one service')]);
  });

  it('refuses a service that imports Fastify or Kysely', async () => {
    const found = await problems('server/src/fleet/rooms.service.ts', "import type { FastifyInstance } from 'fastify';\nimport { sql } from 'kysely';\nexport type X = FastifyInstance;\nexport const y = sql;\n");
    expect(restricted(found)).toEqual([expect.stringContaining('services know nothing of HTTP'), expect.stringContaining('services build no SQL')]);
  });

  it('refuses protocol importing anything of ours', async () => {
    const found = await problems('protocol/src/errors.ts', "import type { Caller } from '@roomwarden/server';\nexport type X = Caller;\n");
    expect(restricted(found)).toEqual([expect.stringContaining('protocol imports nothing of ours')]);
  });

  it('refuses a file over about 400 lines', async () => {
    const code = Array.from({ length: 410 }, (_, i) => `export const v${i} = ${i};`).join('\n') + '\n';
    expect(await problems('server/src/fleet/rooms.service.ts', code)).toContainEqual(expect.stringContaining('max-lines'));
  });

  it('accepts the real files as they are', async () => {
    const results = await eslint.lintFiles(['server/src/repositories/rooms.repository.ts', 'server/src/routes/rooms.routes.ts', 'server/src/fleet/rooms.service.ts']);
    expect(results.flatMap((r) => r.messages.map((m) => `${r.filePath}: ${m.message}`))).toEqual([]);
  });
});
