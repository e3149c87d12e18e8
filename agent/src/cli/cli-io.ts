// How the CLI's commands write: stdout for answers, stderr for the log.
import type { AgentLogger } from '../agent-connection.ts';

export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
}

export const defaultIo: CliIo = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) };

export function consoleLogger(io: CliIo): AgentLogger {
  const line = (level: string) => (msg: string, fields?: Record<string, unknown>) =>
    io.err(`${new Date().toISOString()} ${level} ${msg}${fields ? ` ${Object.entries(fields).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`).join(' ')}` : ''}\n`);
  return { info: line('info'), warn: line('warn'), error: line('error') };
}
