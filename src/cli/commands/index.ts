import type { Command } from '../command.js';
import { composesCommand } from './composes.js';
import { inspectCommand } from './inspect.js';
import { matchCommand } from './match.js';
import { vercmp } from './vercmp.js';

/** Every subcommand, in the order `--help` lists them. */
export const commands: readonly Command[] = [matchCommand, inspectCommand, composesCommand, vercmp];
