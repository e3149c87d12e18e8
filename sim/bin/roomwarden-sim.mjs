#!/usr/bin/env node
// Runs the fleet simulator from its TypeScript sources (tsx).
import { register } from 'tsx/esm/api';

register();
const { simMain } = await import('../src/cli.ts');
process.exitCode = await simMain(process.argv.slice(2));
