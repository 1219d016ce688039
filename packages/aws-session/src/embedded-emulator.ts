import { importEmulator } from './emulator-import.js';
import { SessionError } from './session-error.ts';

/** The part of @cloudlab/emulator's startEmulator() result a session needs (see common.md contract). */
export interface EmulatorHandle {
  endpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  stop(): Promise<void> | void;
  /** Stops the emulator holding the process alive (RunningEmulator.unref). */
  unref?(): void;
}
type StartEmulator = (options?: { region?: string }) => Promise<EmulatorHandle>;

const running = new Set<EmulatorHandle>();
let exitHookInstalled = false;

/**
 * Starts the embedded emulator in this process. The import is dynamic so that targets `aws` and `endpoint`
 * never load the emulator's code. It loads the emulator's esbuild
 * bundle where it can (see emulator-import.js).
 */
export async function startEmbeddedEmulator(region: string): Promise<EmulatorHandle> {
  const module = (await importEmulator()) as { startEmulator?: StartEmulator };
  if (typeof module.startEmulator !== 'function') {
    throw new SessionError(
      'EmulatorUnavailable',
      'the embedded emulator is not available yet in this build — use --endpoint URL (or AWS_ENDPOINT_URL) for another AWS-compatible endpoint, or --target aws',
    );
  }
  const handle = await module.startEmulator({ region });
  running.add(handle);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    // A listening server would keep the process alive; `exit` cannot await, but closing the socket is sync.
    process.once('exit', () => {
      for (const emulator of running) void emulator.stop();
    });
  }
  return handle;
}

/** Stops an emulator started by startEmbeddedEmulator(); false when it was not one (or already stopped). */
export async function stopEmbeddedEmulator(handle: EmulatorHandle): Promise<boolean> {
  if (!running.delete(handle)) return false;
  await handle.stop();
  return true;
}

/** Stops every emulator sessions of this process started (the CLI calls it before exiting). */
export async function stopAllEmbeddedEmulators(): Promise<void> {
  await Promise.all([...running].map((handle) => stopEmbeddedEmulator(handle)));
}
