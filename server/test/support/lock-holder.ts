// A process that takes a data directory's lock and holds it until its stdin closes
// (the lock tests run two of these, each in its own PID namespace where both are PID 1).
// Prints one JSON line: {"pid":1,"locked":true} or {"pid":1,"locked":false,"error":"…"}.
import { lockDataDir } from '../../src/db/data-dir-lock.ts';

const dir = process.argv[2];
if (!dir) throw new Error('usage: lock-holder.ts DIR');
try {
  const release = await lockDataDir(dir);
  process.stdout.write(`${JSON.stringify({ pid: process.pid, locked: true })}\n`);
  process.stdin.resume();
  process.stdin.on('end', () => {
    release();
    process.exit(0);
  });
} catch (err) {
  process.stdout.write(`${JSON.stringify({ pid: process.pid, locked: false, error: (err as Error).message })}\n`);
  process.exit(0);
}
