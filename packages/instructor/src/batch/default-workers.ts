import { availableParallelism, freemem } from 'node:os';

/** What the batch process itself, the emulator and the relay keep out of the grading workers' reach. */
export const RESERVED_MB = 350;
/** A warm grading worker's resident set with its Vitest instances and test workers, with room to spare. */
export const PER_WORKER_MB = 450;

/**
 * How many submissions a batch grades at once by default: one worker per core, as many as free memory holds
 * ((free − 350 MB) / 450 MB), at least one. A worker beyond the cores only costs (2 cores: a 3rd worker made
 * the class slower, 242 s against 149 s), and one beyond the memory gets the grading processes killed.
 */
export function defaultWorkers(
  machine: { cores: number; freeMB: number } = {
    cores: availableParallelism(),
    freeMB: freemem() / 2 ** 20,
  },
): number {
  const byMemory = Math.floor((machine.freeMB - RESERVED_MB) / PER_WORKER_MB);
  return Math.max(1, Math.min(machine.cores, byMemory));
}
