import type { CommandModule } from '../command.ts';
import { batchCommand } from './batch.ts';
import { cleanupCommand } from './cleanup.ts';
import { deployCommand } from './deploy.ts';
import { devCommand } from './dev.ts';
import { doctorCommand } from './doctor.ts';
import { emulatorCommand } from './emulator.ts';
import { exportCommand } from './export.ts';
import { gradeCommand } from './grade.ts';
import { hintCommand } from './hint.ts';
import { invokeCommand } from './invoke.ts';
import { listCommand } from './list.ts';
import { releaseCommand } from './release.ts';
import { resetCommand } from './reset.ts';
import { samCommand } from './sam.ts';
import { solutionCommand } from './solution.ts';
import { statusCommand } from './status.ts';
import { watchCommand } from './watch.ts';

/** Every sub-command, in the order `cloudlab --help` lists them. One line per command file. */
export const commands: CommandModule[] = [
  doctorCommand,
  listCommand,
  gradeCommand,
  watchCommand,
  hintCommand,
  statusCommand,
  resetCommand,
  solutionCommand,
  samCommand,
  invokeCommand,
  deployCommand,
  emulatorCommand,
  cleanupCommand,
  devCommand,
  batchCommand,
  releaseCommand,
  exportCommand,
];
