// The entry point of the self-contained executables (build/build-executables.ts bundles
// it): the same CLI as bin/roomwarden-agent.mjs runs from the checkout.
import { main } from './main.ts';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`roomwarden-agent: ${(err as Error).stack ?? String(err)}\n`);
    process.exitCode = 1;
  },
);
