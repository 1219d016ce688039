import type { CommandModule } from '../command.ts';

type Loader = () => Promise<CommandModule>;

/**
 * Every sub-command, in the order `cloudlab --help` lists them, loaded on demand: a command's module pulls in
 * its packages (Vitest, SDK clients, the emulator), and `cloudlab status` should not pay for `cloudlab grade`.
 */
export const commands: Record<string, Loader> = {
  doctor: async () => (await import('./doctor.ts')).doctorCommand,
  list: async () => (await import('./list.ts')).listCommand,
  grade: async () => (await import('./grade.ts')).gradeCommand,
  watch: async () => (await import('./watch.ts')).watchCommand,
  hint: async () => (await import('./hint.ts')).hintCommand,
  test: async () => (await import('./test.ts')).testCommand,
  status: async () => (await import('./status.ts')).statusCommand,
  reset: async () => (await import('./reset.ts')).resetCommand,
  solution: async () => (await import('./solution.ts')).solutionCommand,
  sam: async () => (await import('./sam.ts')).samCommand,
  invoke: async () => (await import('./invoke.ts')).invokeCommand,
  deploy: async () => (await import('./deploy.ts')).deployCommand,
  emulator: async () => (await import('./emulator.ts')).emulatorCommand,
  sso: async () => (await import('./sso.ts')).ssoCommand,
  cleanup: async () => (await import('./cleanup.ts')).cleanupCommand,
  dev: async () => (await import('./dev.ts')).devCommand,
  batch: async () => (await import('./batch.ts')).batchCommand,
  release: async () => (await import('./release.ts')).releaseCommand,
  export: async () => (await import('./export.ts')).exportCommand,
};
