import { execFileSync } from 'node:child_process';
import fs from 'node:fs'; import os from 'node:os'; import path from 'node:path';
import { startServer } from '/work/main/bench/agents/harness.ts';
import { signIn, enrollmentToken } from '/work/main/bench/agents/http-api.ts';
import { cpuSeconds } from '/work/main/bench/agents/proc.ts';
import { measureEnrollment } from '/work/main/bench/cluster/enrollment.ts';
const db = `rw_enroll_try_${process.pid}`;
execFileSync('psql', ['postgres://postgres@127.0.0.1:5432/postgres', '-qc', `create database ${db}`]);
const s = await startServer({ ROOMWARDEN_ADMIN_PASSWORD: 'bench-admin-password-1', DATABASE_URL: `postgres://postgres@127.0.0.1:5432/${db}`, ROOMWARDEN_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'rw-e-')) }, 18391);
try {
  const h = await signIn(s.base, 'admin@roomwarden.local', 'bench-admin-password-1');
  const tokens = [await enrollmentToken(s.base, h, 10000), await enrollmentToken(s.base, h, 10000)];
  for (const c of (process.env.CONC ?? '8,32').split(',').map(Number)) {
    const c0 = cpuSeconds(s.pid); const t0 = Date.now();
    const r = await measureEnrollment([s.base], tokens, Number(process.env.N ?? 1000), c);
    console.log(JSON.stringify(r), 'server cpu %', ((cpuSeconds(s.pid) - c0) / ((Date.now() - t0) / 1000) * 100).toFixed(0));
  }
} finally { await s.stop(); execFileSync('psql', ['postgres://postgres@127.0.0.1:5432/postgres', '-qc', `drop database ${db} with (force)`]); }
