// roomwarden-agent: enroll, run, status, install, uninstall (and --version).
import { CredentialsError, defaultConfigPath } from '../credentials.ts';
import { enroll, EnrollError } from '../enroll.ts';
import { PlanStepError } from '../service/run-plan.ts';
import { AGENT_VERSION } from '../version.ts';
import { parseCommandLine, USAGE, UsageError, type Command } from './args.ts';
import { defaultIo, type CliIo } from './cli-io.ts';
import { runCommand } from './run-command.ts';
import { installCommand, ServiceCommandError, uninstallCommand } from './service-commands.ts';
import { statusCommand } from './status-command.ts';

export type { CliIo } from './cli-io.ts';

export async function main(argv: readonly string[], io: CliIo = defaultIo): Promise<number> {
  let cmd: Command;
  try {
    cmd = parseCommandLine(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    io.err(`roomwarden-agent: ${err.message}\n\n${USAGE}`);
    return 2;
  }
  try {
    switch (cmd.command) {
      case 'help':
        io.out(USAGE);
        return 0;
      case 'version':
        io.out(`${AGENT_VERSION}\n`);
        return 0;
      case 'enroll': {
        const config = cmd.config ?? defaultConfigPath();
        const { credentials } = await enroll({ server: cmd.server, token: cmd.token, config, ...(cmd.roomName ? { roomName: cmd.roomName } : {}) });
        io.out(`Enrolled: device ${credentials.deviceId}, room ${credentials.roomId} (region ${credentials.region}).\nCredentials written to ${config} (mode 0600).\nNext: roomwarden-agent run${cmd.config ? ` --config ${config}` : ''}\n`);
        return 0;
      }
      case 'run':
        return await runCommand(cmd, io);
      case 'status':
        return await statusCommand(cmd, io);
      case 'install':
        return await installCommand(cmd, io);
      case 'uninstall':
        return await uninstallCommand(cmd, io);
    }
  } catch (err) {
    if (err instanceof EnrollError || err instanceof CredentialsError || err instanceof ServiceCommandError || err instanceof PlanStepError) {
      io.err(`roomwarden-agent: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
}
