/**
 * What one learner's full-marks submission brings into the batch's emulator, lab by lab: the bytes its
 * account is charged against `accountLimits.ingressBytes` (core/ingress-ledger.ts in the emulator) and how
 * far that is from the limit `cloudlab batch` sets. Grades each lab's reference solution alone, one learner,
 * on an emulator with the batch's limits but the ingress limit lifted, and reads the account's charge before
 * the batch deletes it.
 *
 * Measured 2026-12-04 (Node 20): lab 01 63 KiB, 02 2,704 KiB (its 2,502-key SeedObjects: 2.4 MiB of records),
 * 03 563 KiB, 04 259 KiB, 05 94 KiB (the stack's code goes through S3, counted in objectBytes): 3.60 MiB per
 * learner, 11.2 % of the batch's 32 MiB.
 *
 * Run: pnpm exec tsx bench/learner-ingress.ts [--labs 01,02,03,04,05]
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { discoverLabs, readSolution, writeTree } from '@cloudlab/course';
import { startEmulator } from '@cloudlab/emulator';
import { batchAccountLimits, runBatch } from '@cloudlab/instructor';

const at = process.argv.indexOf('--labs');
const wanted = (at > 0 ? process.argv[at + 1]! : '01,02,03,04,05').split(',');
const repo = join(import.meta.dirname, '..');
const labs = (await discoverLabs(repo)).filter((lab) => wanted.includes(lab.id));
const limit = batchAccountLimits(1).ingressBytes!;
const emulator = await startEmulator({
  accountLimits: { ...batchAccountLimits(1), ingressBytes: Number.MAX_SAFE_INTEGER },
});
const work = await mkdtemp(join(tmpdir(), 'cloudlab-bench-ingress-'));
const MiB = 1024 * 1024;
try {
  let total = 0;
  for (const lab of labs) {
    const folder = join(work, lab.id, 'class', 'learner-000', lab.folder);
    await mkdir(folder, { recursive: true });
    await writeTree(folder, await readSolution(lab.dir));
    let charged = 0;
    const accounts = new Map<string, string>();
    const summary = await runBatch({
      submissions: join(work, lab.id, 'class'),
      out: join(work, lab.id, 'out'),
      courseRoot: repo,
      labs: [lab.id],
      workers: 1,
      emulator: {
        endpoint: emulator.endpoint,
        region: emulator.region,
        async createAccount() {
          const account = await emulator.createAccount();
          accounts.set(account.accessKeyId, account.accountId);
          return account;
        },
        async deleteAccount(accessKeyId) {
          charged = emulator.runtime.ingress.spent(accounts.get(accessKeyId)!);
          await emulator.deleteAccount(accessKeyId);
        },
      },
    });
    const score = summary.records[0]?.run?.score;
    total += charged;
    console.log(
      `lab ${lab.id}: ${(charged / 1024).toFixed(0)} KiB brought in (score ${JSON.stringify(score)})`,
    );
  }
  console.log(
    `all ${labs.length} labs: ${(total / MiB).toFixed(2)} MiB per learner, ${((100 * total) / limit).toFixed(1)} % of the batch's ${limit / MiB} MiB`,
  );
} finally {
  await emulator.stop();
  await rm(work, { recursive: true, force: true });
}
