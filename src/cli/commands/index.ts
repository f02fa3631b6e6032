import type { Command } from '../command.js';
import { vercmp } from './vercmp.js';

/** Every subcommand, in the order `--help` lists them. */
export const commands: readonly Command[] = [vercmp];
