// Whether this process is the self-contained executable (a Node single executable
// application) and what it carries: the running file is what install copies and what a
// self-update replaces; from a checkout there is neither.
import sea from 'node:sea';

export function runningExecutable(): string | undefined {
  return sea.isSea() ? process.execPath : undefined;
}

/** One of the files the build embedded (the Windows service wrapper). */
export function embeddedAsset(name: string): Buffer | undefined {
  if (!sea.isSea()) return undefined;
  try {
    return Buffer.from(sea.getRawAsset(name) as ArrayBuffer);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_SINGLE_EXECUTABLE_APPLICATION_ASSET_NOT_FOUND') return undefined;
    throw err;
  }
}
