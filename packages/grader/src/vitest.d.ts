import type { ViteUserConfig } from 'vitest/config';

export declare const LAB_DIR_ENV: 'CLOUDLAB_LAB_DIR';
/** The setup file of a shared worker (isolate: false): each test file gets back its env and working directory. */
export declare const SHARED_WORKER_SETUP: string;
/** The setup file that adds the run's canary checks (checks that must fail) to every test file. */
export declare const CANARY_SETUP: string;
/** Vite environments that resolve packages as Node does (see vitest.js): a course run sets them as a lab's config does. */
export declare const NODE_RESOLVED_ENVIRONMENTS: NonNullable<ViteUserConfig['environments']>;

export interface LabConfigOptions {
  /**
   * Global setup module(s) (package specifiers or paths) for a plain `vitest run` in the lab's folder. The
   * grader runs the ones its caller hands in instead (`globalSetup` of its options, e.g. `awsGrading` of
   * @cloudlab/aws-session, which starts the embedded emulator). Default and `false`: none.
   */
  globalSetup?: string | string[] | false;
  /**
   * `true` (default): every test file runs in a fresh worker process. `false`: one worker runs the lab's
   * files in turn and keeps the SDK and the lab's modules loaded between them — a warm re-grade is about
   * twice as fast. Each file still gets back the process.env and working directory it started with, but
   * module-level state (a mocked client prototype, a cache) is shared: a lab's tests must undo what they
   * change (e.g. `afterAll(() => mock.restore())`, hooks registered per file, not at import of a helper).
   */
  isolate?: boolean;
}

/** The Vitest config of one lab (labs/NN-slug/vitest.config.ts): `defineLabConfig(import.meta.dirname)`. */
export declare function defineLabConfig(labDir: string, options?: LabConfigOptions): ViteUserConfig;
