/**
 * Lab 05's SAM workflow on the emulator — validate, build, deploy, invoke, teardown — each step next to a
 * baseline doing the least work the same outcome needs, measured in the same run:
 *  - validate: full offline validation vs parsing the template alone,
 *  - build: sam build (esbuild bundle + minify + zip) vs a bare esbuild bundle,
 *  - deploy: upload + CloudFormation stack (role, function, HTTP API) vs one Lambda CreateFunction,
 *  - invoke: GET on the stack's HTTP API URL vs a direct Lambda Invoke, cold (first call: a new runtime
 *    process, against spawning `node`, the process floor) and warm (the process reused, as Lambda does),
 *  - teardown: deleting the stack and bundles vs one DeleteFunction.
 * Medians of ROUNDS (25 interleaved rounds for validate); on a shared 2-core machine expect ±20 %.
 *
 * Run: pnpm exec tsx bench/sam.ts [--rounds 3]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateFunctionCommand,
  DeleteFunctionCommand,
  InvokeCommand,
  LambdaClient,
} from '@aws-sdk/client-lambda';
import { PutParameterCommand } from '@aws-sdk/client-ssm';
import { parseTemplate } from '@cloudlab/cfn-templates';
import {
  buildFunctions,
  clearBuildCache,
  deleteStack,
  deployStack,
  startSamEmulator,
  validateTemplate,
} from '@cloudlab/sam';
import { build } from 'esbuild';

const ROUNDS = Number(process.argv[process.argv.indexOf('--rounds') + 1]) || 3;
const LAB = join(import.meta.dirname, '../labs/05-sam-deploy');
const TEMPLATE = join(LAB, 'solution/template.yaml');
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function time(fn: () => Promise<unknown> | unknown): Promise<number> {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

/** Median of n timed runs after one untimed warm-up run (so the first caller does not pay for the JIT). */
async function rounds(fn: () => Promise<unknown> | unknown, n = ROUNDS): Promise<number> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < n; i++) times.push(await time(fn));
  return median(times);
}
/** Cheap in-process steps: n interleaved rounds of a and b, so JIT warm-up and load hit both alike. */
async function paired(a: () => unknown, b: () => unknown, n = 25): Promise<[number, number]> {
  for (let i = 0; i < 5; i++) {
    a();
    b();
  }
  const ta: number[] = [];
  const tb: number[] = [];
  for (let i = 0; i < n; i++) {
    ta.push(await time(a));
    tb.push(await time(b));
  }
  return [median(ta), median(tb)];
}

const rows: Array<{ step: string; ms: number; baseline: string; baselineMs: number }> = [];
const target = await startSamEmulator();
const lambda = new LambdaClient({
  endpoint: target.endpoint,
  region: target.region,
  credentials: target.emulator!.credentials,
});
try {
  const ssmPath = '/cloudlab/student/05';
  for (const [name, value] of Object.entries(
    JSON.parse(readFileSync(join(LAB, 'fixtures/parameters.json'), 'utf8')),
  )) {
    await target.clients.ssm.send(
      new PutParameterCommand({ Name: `${ssmPath}/${name}`, Value: String(value), Type: 'String' }),
    );
  }

  const body = readFileSync(TEMPLATE, 'utf8');
  const [validateMs, parseMs] = await paired(
    () => validateTemplate(TEMPLATE),
    () => parseTemplate(body),
  );
  rows.push({ step: 'validate', ms: validateMs, baseline: 'parse only', baselineMs: parseMs });

  const outDir = mkdtempSync(join(tmpdir(), 'bench-sam-'));
  const [built] = await buildFunctions(TEMPLATE, { outDir });
  rows.push({
    // Cleared each round: a build of changed code, not a hit of sam build's cache.
    step: 'build',
    ms: await rounds(() => {
      clearBuildCache();
      return buildFunctions(TEMPLATE, { outDir });
    }),
    baseline: 'bare esbuild bundle',
    baselineMs: await rounds(() =>
      build({
        entryPoints: [join(LAB, 'solution/src/app.ts')],
        bundle: true,
        platform: 'node',
        write: false,
        logLevel: 'silent',
      }),
    ),
  });
  rows.push({
    step: 'build, cached',
    ms: await rounds(() => buildFunctions(TEMPLATE, { outDir })),
    baseline: 'bare esbuild bundle',
    baselineMs: rows.at(-1)?.baselineMs ?? Number.NaN,
  });

  const role = `arn:aws:iam::${target.accountId}:role/bench`;
  const deployMs: number[] = [];
  const invokeHttp: number[] = [];
  const coldHttp: number[] = [];
  const teardownMs: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const stackName = `cloudlab-bench-05-app-${i}`;
    const bucket = `cloudlab-bench-05-sam-${target.accountId}`;
    let url = '';
    deployMs.push(
      await time(async () => {
        url = (
          await deployStack({
            templatePath: TEMPLATE,
            stackName,
            bucket,
            clients: target.clients,
            build: { outDir },
            pollMs: 50,
          })
        ).url!;
      }),
    );
    for (let j = 0; j <= ROUNDS; j++) {
      (j === 0 ? coldHttp : invokeHttp).push(
        await time(async () => {
          const response = await fetch(`${url}/config/greeting`);
          if (response.status !== 200)
            throw new Error(`GET ${url}/config/greeting answered ${response.status}`);
          await response.text();
        }),
      );
    }
    teardownMs.push(
      await time(() => deleteStack({ stackName, bucket, clients: target.clients, pollMs: 50 })),
    );
  }
  const createMs: number[] = [];
  const invokeDirect: number[] = [];
  const coldDirect: number[] = [];
  const deleteMs: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const FunctionName = `bench-direct-${i}`;
    createMs.push(
      await time(() =>
        lambda.send(
          new CreateFunctionCommand({
            FunctionName,
            Role: role,
            Runtime: 'nodejs22.x',
            Handler: 'app.handler',
            Code: { ZipFile: built!.zip },
          }),
        ),
      ),
    );
    for (let j = 0; j <= ROUNDS; j++) {
      (j === 0 ? coldDirect : invokeDirect).push(
        await time(() =>
          lambda.send(
            new InvokeCommand({ FunctionName, Payload: JSON.stringify({ pathParameters: { name: 'x' } }) }),
          ),
        ),
      );
    }
    deleteMs.push(await time(() => lambda.send(new DeleteFunctionCommand({ FunctionName }))));
  }
  const spawnFloor = await rounds(() => spawnSync(process.execPath, ['-e', '0']));
  rows.push({
    step: 'deploy (stack)',
    ms: median(deployMs),
    baseline: 'CreateFunction',
    baselineMs: median(createMs),
  });
  const add = (step: string, ms: number, baseline: string, baselineMs: number) =>
    rows.push({ step, ms, baseline, baselineMs });
  add('HTTP API, cold', median(coldHttp), 'Lambda Invoke, cold', median(coldDirect));
  add('HTTP API, warm', median(invokeHttp), 'Lambda Invoke, warm', median(invokeDirect));
  add('Lambda Invoke, cold', median(coldDirect), 'spawn node -e 0', spawnFloor);
  rows.push({
    step: 'teardown (stack)',
    ms: median(teardownMs),
    baseline: 'DeleteFunction',
    baselineMs: median(deleteMs),
  });
} finally {
  await target.close();
}

console.log(`SAM workflow on the emulator, median of ${ROUNDS}:`);
console.log(
  `${'step'.padEnd(22)}${'ms'.padStart(9)}  ${'baseline'.padEnd(22)}${'ms'.padStart(9)}${'ratio'.padStart(8)}`,
);
for (const row of rows) {
  console.log(
    `${row.step.padEnd(22)}${row.ms.toFixed(1).padStart(9)}  ${row.baseline.padEnd(22)}${row.baselineMs.toFixed(1).padStart(9)}${`${(row.ms / row.baselineMs).toFixed(2)}×`.padStart(8)}`,
  );
}
const total = rows.filter((r) =>
  ['validate', 'build', 'deploy (stack)', 'HTTP API, cold', 'teardown (stack)'].includes(r.step),
);
console.log(
  `validate + build + deploy + first call + teardown: ${total.reduce((sum, r) => sum + r.ms, 0).toFixed(0)} ms`,
);
