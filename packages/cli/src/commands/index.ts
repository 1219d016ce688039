import type { CommandModule } from '../command.ts';
import { doctorCommand } from './doctor.ts';
import { emulatorCommand } from './emulator.ts';

/** Every sub-command, in the order `cloudlab --help` lists them. One line per command file. */
export const commands: CommandModule[] = [doctorCommand, emulatorCommand];
