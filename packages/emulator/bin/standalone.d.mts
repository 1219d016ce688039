/** bin/standalone.mjs: the emulator from an esbuild bundle built on first use (see there). */
export function bundledEntry(): string;
export function bundledModule(): string | undefined;
export function runEmulator(args: readonly string[]): Promise<void>;
