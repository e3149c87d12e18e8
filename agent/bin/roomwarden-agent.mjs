#!/usr/bin/env node
// Runs the agent CLI from its TypeScript sources (tsx).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
