// The running agent records its connection state next to its credentials so that
// `roomwarden-agent status` can tell whether it is online.
import fs from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { agentUpdateStatusSchema } from '@roomwarden/protocol';

export const agentStateSchema = z.object({
  pid: z.number().int(),
  state: z.enum(['idle', 'connecting', 'online', 'waiting', 'stopped']),
  since: z.string(),
  roomName: z.string().optional(),
  detail: z.string().optional(),
  /** How the last self-update went. */
  update: agentUpdateStatusSchema.optional(),
});
export type AgentStateRecord = z.infer<typeof agentStateSchema>;

export function stateFilePath(configFile: string): string {
  return path.join(path.dirname(configFile), `${path.basename(configFile, '.json')}.state.json`);
}

/** Where a self-update remembers itself across its restart. */
export function updateMarkerPath(configFile: string): string {
  return path.join(path.dirname(configFile), `${path.basename(configFile, '.json')}.update.json`);
}

export async function writeState(configFile: string, record: AgentStateRecord): Promise<void> {
  const file = stateFilePath(configFile);
  const tmp = `${file}.${process.pid}.tmp`;
  await fs.writeFile(tmp, `${JSON.stringify(record)}\n`, { mode: 0o600 });
  await fs.rename(tmp, file);
}

export async function readState(configFile: string): Promise<AgentStateRecord | undefined> {
  const text = await fs.readFile(stateFilePath(configFile), 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  try {
    const r = agentStateSchema.safeParse(JSON.parse(text));
    return r.success ? r.data : undefined;
  } catch {
    return undefined; // a torn or foreign file says nothing about the agent
  }
}

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
