#!/usr/bin/env node
// The only place that binds the CLI to the real process.
import { main } from './main.js';

// `compose-match composes | head`: once the reader has gone, stop quietly instead of dying on an
// unhandled EPIPE with a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(process.exitCode ?? 0);
});

// No top-level await: the single-file executable bundles this file as CommonJS (Node's SEA main).
void main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
  cwd: process.cwd(),
}).then((code) => {
  process.exitCode = code;
});
