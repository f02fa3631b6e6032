import type { Command } from '../command.js';
import { inspectCommand } from './inspect.js';

/** Every subcommand, in the order `--help` lists them. */
export const commands: readonly Command[] = [inspectCommand];
