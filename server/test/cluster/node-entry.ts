// A cluster node for the cluster tests: the real server (runServer, as main.ts), with the
// timings the test gives in ROOMWARDEN_TEST_TIMINGS (JSON) so that heartbeats, the offline
// window and membership take seconds, not minutes. Test-only: production has no such variable.
import { DEFAULT_TIMINGS } from '../../src/config.ts';
import { configOrExit, runServer } from '../../src/run-server.ts';

const base = configOrExit();
const timings = { ...DEFAULT_TIMINGS, ...(JSON.parse(process.env.ROOMWARDEN_TEST_TIMINGS ?? '{}') as Partial<typeof DEFAULT_TIMINGS>) };
runServer({ ...base, timings }).catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exit(1);
});
