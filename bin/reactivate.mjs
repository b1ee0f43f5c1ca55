#!/usr/bin/env node
// The `reactivate` command. The service is written in TypeScript and run through tsx's loader,
// so `npx reactivate …` works right after `npm ci`, with no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli.ts');
process.exitCode = await main(process.argv.slice(2));
