import type { Command } from '../command.js';
import { composesCommand } from './composes.js';

/** Every subcommand, in the order `--help` lists them. */
export const commands: readonly Command[] = [composesCommand];
