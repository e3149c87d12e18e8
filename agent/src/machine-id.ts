// A stable machine identifier for enrollment ("this machine is already enrolled"):
// /etc/machine-id (or the D-Bus copy) when present, else an id generated once and kept
// next to the credentials.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

const SYSTEM_FILES = ['/etc/machine-id', '/var/lib/dbus/machine-id'];

export async function machineId(stateDir: string, systemFiles: readonly string[] = SYSTEM_FILES): Promise<string> {
  for (const f of systemFiles) {
    const id = await fs.readFile(f, 'utf8').then(
      (t) => t.trim(),
      () => '',
    );
    if (/^[0-9a-f]{16,64}$/i.test(id)) return id;
  }
  const file = path.join(stateDir, 'machine-id');
  const existing = await fs.readFile(file, 'utf8').then(
    (t) => t.trim(),
    () => '',
  );
  if (existing) return existing;
  const id = randomUUID();
  await fs.mkdir(stateDir, { recursive: true, mode: 0o700 });
  await fs.writeFile(file, `${id}\n`, { mode: 0o600 });
  return id;
}
