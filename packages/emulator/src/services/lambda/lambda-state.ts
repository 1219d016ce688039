import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRuntimePool, type RuntimePool } from '@cloudlab/lambda-runtime';
import type { EmulatorRuntime } from '../../core/types.ts';

/**
 * State shared by the Lambda service, the HTTP API route and CloudFormation (which creates functions and APIs): one per emulator runtime, so two emulators in one process never see each other's functions.
 */
export interface LambdaFunction {
  accountId: string;
  name: string;
  arn: string;
  runtime: string;
  handler: string;
  role: string;
  description: string;
  timeout: number;
  memorySize: number;
  environment: Record<string, string>;
  codeDir: string;
  codeSha256: string;
  codeSize: number;
  /** What the code's zip declares its files unzip to: what the function keeps on disk. */
  unzippedSize: number;
  lastModified: string;
  revisionId: string;
  tags: Record<string, string>;
}

export interface HttpApiRoute {
  /** Lower-case method or "any". */
  method: string;
  /** An OpenAPI path such as /config/{name}, or $default. */
  path: string;
  functionArn: string;
}

export interface HttpApi {
  apiId: string;
  accountId: string;
  region: string;
  routes: HttpApiRoute[];
}

export interface LambdaState {
  functions: Map<string, LambdaFunction>;
  apis: Map<string, HttpApi>;
  /** Where deployment packages are unpacked (a temporary folder, removed by dispose). */
  codeRoot: string;
  /** Warm runtime processes, keyed by function ARN and revision. */
  pool: RuntimePool;
  dispose(): void;
}

const states = new WeakMap<EmulatorRuntime, LambdaState>();

export function lambdaState(runtime: EmulatorRuntime): LambdaState {
  let state = states.get(runtime);
  if (!state) {
    // Functions, stacks and APIs live in memory even with a data dir (they are rebuilt by redeploying), so their
    // unpacked code is temporary too rather than left behind in the data dir.
    const codeRoot = mkdtempSync(join(tmpdir(), 'cloudlab-lambda-'));
    const pool = createRuntimePool();
    state = {
      pool,
      functions: new Map(),
      apis: new Map(),
      codeRoot,
      dispose: () => {
        pool.drain();
        rmSync(codeRoot, { recursive: true, force: true });
      },
    };
    states.set(runtime, state);
  }
  return state;
}

/** The warm-pool key of a function's current code and configuration. */
export const poolKey = (fn: LambdaFunction) => `${fn.arn}|${fn.revisionId}`;

/** Stops the warm processes of a function that changed or was deleted. */
export function retireWarmProcesses(state: LambdaState, fn: LambdaFunction): void {
  state.pool.drain((key) => key.startsWith(`${fn.arn}|`));
}

/** Forgets the account's functions and HTTP APIs, stops their processes (busy ones too) and removes their code. */
export function deleteAccountFunctions(state: LambdaState, accountId: string): void {
  for (const [key, fn] of state.functions) {
    if (fn.accountId !== accountId) continue;
    state.functions.delete(key);
    retireWarmProcesses(state, fn);
    // Unlike DeleteFunction, running invocations stop too: nothing of the account may outlive it.
    state.pool.stopBusy((poolKey) => poolKey.startsWith(`${fn.arn}|`));
    rmSync(fn.codeDir, { recursive: true, force: true });
  }
  for (const [apiId, api] of state.apis) if (api.accountId === accountId) state.apis.delete(apiId);
}

/** Functions are unique per account (and region, which one emulator serves one of at a time). */
export const functionKey = (accountId: string, name: string) => `${accountId}/${name}`;
