// `--vnc` and `--vnc-password-file`, each repeatable (DESIGN "Remote session" 10): the
// displays the agent bridges, in the order given (the first is the default).
//   --vnc HOST:PORT                  one display, named "main"
//   --vnc NAME=HOST:PORT             a named display (repeat for several)
//   --vnc-password-file FILE         the password of every display
//   --vnc-password-file NAME=FILE    the password of one display (wins over FILE)
import { DEFAULT_DISPLAY_NAME, displayNameSchema } from '@roomwarden/protocol';

export class VncArgsError extends Error {}

/** One display as the command line gives it. */
export interface VncDisplaySpec {
  name: string;
  host: string;
  port: number;
  /** The file holding its VNC password, read by `run`. */
  passwordFile?: string;
}

export function parseHostPort(value: string): { host: string; port: number } {
  const m = /^(\[[^\]]+\]|[^:]+):(\d{1,5})$/.exec(value);
  const port = Number(m?.[2]);
  if (!m?.[1] || !Number.isInteger(port) || port < 1 || port > 65535) throw new VncArgsError(`--vnc must be HOST:PORT or NAME=HOST:PORT, e.g. 127.0.0.1:5900 (got "${value}")`);
  return { host: m[1].replace(/^\[|\]$/g, ''), port };
}

/** "NAME=REST" when NAME is a display name; a plain value otherwise (an IPv6 host or a path with "=" stays whole unless it starts with a name). */
function named(value: string): { name: string; rest: string } | undefined {
  const i = value.indexOf('=');
  if (i <= 0) return undefined;
  const name = value.slice(0, i);
  return displayNameSchema.safeParse(name).success ? { name, rest: value.slice(i + 1) } : undefined;
}

export function parseVncDisplays(vnc: readonly string[], passwordFiles: readonly string[]): VncDisplaySpec[] {
  const displays: VncDisplaySpec[] = [];
  for (const value of vnc) {
    const n = named(value);
    if (!n && value.includes('=')) throw new VncArgsError(`--vnc NAME=HOST:PORT: "${value.slice(0, value.indexOf('='))}" is not a display name (1 to 32 letters, digits, ".", "_" or "-")`);
    const name = n?.name ?? DEFAULT_DISPLAY_NAME;
    if (displays.some((d) => d.name === name)) throw new VncArgsError(n ? `--vnc names the display "${name}" twice` : `--vnc HOST:PORT (the display "${DEFAULT_DISPLAY_NAME}") is given twice: name each display, NAME=HOST:PORT`);
    displays.push({ name, ...parseHostPort(n?.rest ?? value) });
  }
  if (displays.length > 16) throw new VncArgsError('--vnc: at most 16 displays');
  if (passwordFiles.length > 0 && displays.length === 0) throw new VncArgsError('--vnc-password-file needs --vnc HOST:PORT');
  let forAll: string | undefined;
  for (const value of passwordFiles) {
    const n = named(value);
    const target = n && displays.find((d) => d.name === n.name);
    if (target) {
      if (!n.rest) throw new VncArgsError(`--vnc-password-file ${n.name}= needs a file`);
      if (target.passwordFile !== undefined) throw new VncArgsError(`--vnc-password-file gives the display "${n.name}" two files`);
      target.passwordFile = n.rest;
    } else {
      if (forAll !== undefined) throw new VncArgsError('--vnc-password-file FILE is given twice: use NAME=FILE for one display');
      forAll = value;
    }
  }
  if (forAll !== undefined) for (const d of displays) d.passwordFile ??= forAll;
  return displays;
}

/** The same displays as `--vnc` / `--vnc-password-file` arguments (what `install` writes into the service). */
export function vncDisplayArgs(displays: readonly VncDisplaySpec[]): string[] {
  const onlyMain = displays.length === 1 && displays[0]?.name === DEFAULT_DISPLAY_NAME;
  return displays.flatMap((d) => {
    const where = `${d.host.includes(':') ? `[${d.host}]` : d.host}:${d.port}`;
    return [
      '--vnc',
      onlyMain ? where : `${d.name}=${where}`,
      ...(d.passwordFile !== undefined ? ['--vnc-password-file', onlyMain ? d.passwordFile : `${d.name}=${d.passwordFile}`] : []),
    ];
  });
}
