// Carries out an install or uninstall plan, one step at a time, saying what it does.
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { describeStep, type PlanStep } from './install-plan.ts';

const execFileAsync = promisify(execFile);

export interface PlanEnvironment {
  out: (line: string) => void;
  /** The executable's embedded files (node:sea assets); undefined when not running as the executable. */
  readAsset?: (name: string) => Buffer | undefined;
  dryRun?: boolean;
}

export class PlanStepError extends Error {}

async function copyAtomically(from: string, to: string, mode: number): Promise<void> {
  const tmp = path.join(path.dirname(to), `.${path.basename(to)}.${process.pid}.tmp`);
  await fs.copyFile(from, tmp);
  await fs.chmod(tmp, mode);
  await fs.rename(tmp, to);
}

async function runStep(step: PlanStep, env: PlanEnvironment): Promise<void> {
  switch (step.kind) {
    case 'mkdir':
      await fs.mkdir(step.path, { recursive: true, mode: step.mode });
      return;
    case 'copy':
      return copyAtomically(step.from, step.to, step.mode);
    case 'write': {
      const tmp = `${step.path}.${process.pid}.tmp`;
      await fs.writeFile(tmp, step.content, { mode: step.mode });
      await fs.rename(tmp, step.path);
      return;
    }
    case 'chmod':
      if (process.platform !== 'win32') await fs.chmod(step.path, step.mode);
      return;
    case 'asset': {
      const data = env.readAsset?.(step.name);
      if (!data) throw new PlanStepError(`this executable carries no ${step.name}: install from the roomwarden-agent executable (npm run build:agent), not from a checkout`);
      const tmp = `${step.to}.${process.pid}.tmp`;
      await fs.writeFile(tmp, data, { mode: 0o755 });
      await fs.rename(tmp, step.to);
      return;
    }
    case 'remove':
      await fs.rm(step.path, { recursive: true, force: true });
      return;
    case 'run': {
      if (step.detached) {
        spawn(step.command, step.args, { detached: true, stdio: 'ignore', windowsHide: true }).unref();
        return;
      }
      try {
        await execFileAsync(step.command, step.args, { windowsHide: true, timeout: 120_000 });
      } catch (err) {
        const e = err as { code?: string | number; stderr?: string; stdout?: string; message: string };
        const detail = `${e.code === 'ENOENT' ? `${step.command} not found` : `exit ${String(e.code ?? '?')}`}${e.stderr?.trim() ? `: ${e.stderr.trim().slice(0, 300)}` : ''}`;
        if (step.allowFailure) {
          env.out(`  (not needed: ${detail})\n`);
          return;
        }
        throw new PlanStepError(`${describeStep(step)} failed (${detail})`);
      }
    }
  }
}

export async function runPlan(steps: readonly PlanStep[], env: PlanEnvironment): Promise<void> {
  for (const step of steps) {
    env.out(`${env.dryRun ? 'would ' : ''}${describeStep(step)}\n`);
    if (step.kind === 'write' && env.dryRun) env.out(step.content.replace(/^/gm, '    ') + '\n');
    if (!env.dryRun) await runStep(step, env);
  }
}
