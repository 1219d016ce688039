import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { TestModule } from 'vitest/node';
import type { CheckMeta } from '../authoring/check-meta.ts';
import { hashTestFiles } from '../integrity/test-manifest.ts';
import type { LabInfo } from '../labs/discover-labs.ts';
import { canShareVitest } from './course-config.ts';
import { describeError } from './error-message.ts';
import { inExerciseOrder } from './exercise-order.ts';
import { graderSourceHash, readCachedInventory, writeCachedInventory } from './inventory-disk-cache.ts';
import { LabSession } from './lab-session.ts';
import type { Inventory } from './score-lab.ts';

/** One check as the course's suite defines it: the only source of its id, points and hints. */
export interface InventoryCheck {
  /** `<test file relative to the lab>::<full name>`, as in CheckResult.id. */
  id: string;
  file: string;
  title: string;
  meta: CheckMeta;
}

/** A lab's checks and full marks, collected where no learner code was ever loaded. */
export interface LabInventory {
  lab: string;
  checks: InventoryCheck[];
  maxScore: number;
  /** `no-code`: `@lab/*` was an empty module; `solution`: a test file needed the reference code to load. */
  source: 'no-code' | 'solution';
  /**
   * The node_modules files (the SDK…) the collecting worker loaded, where no learner code ever ran: what a
   * spare test worker may load ahead of its run (LabSession.preloadInSpares).
   */
  packages?: string[];
}

export class InventoryError extends Error {
  readonly code = 'InventoryFailed';
}

// Inventories by lab folder and the hash of its test files: the inventory depends on nothing else, so a
// process that grades a lab again (watch, dev check, a warm batch child) collects it once.
const cache = new Map<string, Promise<LabInventory>>();

export interface InventoryOptions {
  /** See LabSessionOptions.diskCache: inventories are kept there too (inventory-disk-cache.ts). */
  diskCache?: string;
  /** See LabSessionOptions.inventories: these labs are not collected. */
  given?: readonly LabInventory[];
}

/**
 * The trusted inventory of each lab (in the order of `labs`): the one the caller gave, else from the cache
 * when its tests have not changed, else collected. The labs that can share a Vitest instance are collected
 * together in one no-code instance.
 */
export async function trustedInventories(
  labs: readonly LabInfo[],
  options: InventoryOptions = {},
): Promise<LabInventory[]> {
  const given = new Map(options.given?.map((inventory) => [inventory.lab, inventory]));
  const rest = labs.filter((lab) => !given.has(lab.folder));
  const collected = rest.length > 0 ? await collectedInventories(rest, options) : [];
  return labs.map((lab) => given.get(lab.folder) ?? collected[rest.indexOf(lab)]!);
}

async function collectedInventories(
  labs: readonly LabInfo[],
  options: InventoryOptions,
): Promise<LabInventory[]> {
  const keys = await Promise.all(labs.map(cacheKey));
  const onDisk = options.diskCache;
  if (onDisk) await readFromDisk(onDisk, labs, keys);
  const missing = labs.filter((_, index) => !cache.has(keys[index]!));
  const together = missing.filter(canShareVitest);
  if (together.length > 1) {
    const collected = collectTogether(together);
    together.forEach((lab, index) => {
      const inventory = collected.then((all) => all[index]!);
      cache.set(keys[labs.indexOf(lab)]!, inventory);
      inventory.catch(() => cache.delete(keys[labs.indexOf(lab)]!));
    });
  }
  for (const lab of missing) {
    const key = keys[labs.indexOf(lab)]!;
    if (cache.has(key)) continue;
    const inventory = collectTrustedInventory(lab);
    cache.set(key, inventory);
    inventory.catch(() => cache.delete(key));
  }
  const inventories = await Promise.all(keys.map((key) => cache.get(key)!));
  // Only a no-code inventory: one collected against solution/ depends on more than the key covers.
  if (onDisk) {
    await Promise.all(
      missing.map((lab) => {
        const index = labs.indexOf(lab);
        const inventory = inventories[index]!;
        return inventory.source === 'no-code'
          ? writeCachedInventory(onDisk, lab, keys[index]!, inventory)
          : undefined;
      }),
    );
  }
  return inventories;
}

/** Puts the inventories the disk cache holds for these keys into the process's cache. */
async function readFromDisk(dir: string, labs: readonly LabInfo[], keys: readonly string[]): Promise<void> {
  await Promise.all(
    labs.map(async (lab, index) => {
      const key = keys[index]!;
      if (cache.has(key)) return;
      const inventory = await readCachedInventory(dir, lab, key);
      if (inventory && !cache.has(key)) cache.set(key, Promise.resolve(inventory));
    }),
  );
}

/** The lab, its test files, its Vitest config and the grader's code: everything a no-code collect reads. */
async function cacheKey(lab: LabInfo): Promise<string> {
  const hash = createHash('sha256');
  for (const [file, digest] of await hashTestFiles(lab.dir)) hash.update(`${file}\0${digest}\n`);
  const config = join(lab.dir, 'vitest.config.ts');
  if (existsSync(config)) hash.update(await readFile(config));
  hash.update(await graderSourceHash());
  return `${lab.dir}\0${hash.digest('hex')}`;
}

/**
 * Collects (imports, does not run) a lab's suite in a fresh Vitest instance whose `@lab/*` imports resolve to
 * an empty module and which starts no global setup: no learner code, no emulator. A test file that calls the
 * lab's code while it is being collected cannot load that way; then the lab is collected against its
 * `solution/` (the instructor's code, still never a learner's). Throws InventoryError when neither works.
 */
export async function collectTrustedInventory(lab: LabInfo): Promise<LabInventory> {
  const noCode = await collectChecks(lab, undefined);
  return finish(lab, noCode);
}

/** Several shareable labs collected in one no-code course instance, each finished as one lab would be. */
async function collectTogether(labs: readonly LabInfo[]): Promise<LabInventory[]> {
  const session = await LabSession.openCourse(
    labs.map((lab) => ({ lab, codeDir: '' })),
    { noCode: true, maxWorkers: 1 },
  );
  let modules: readonly TestModule[];
  let packages: string[];
  try {
    modules = await session.collect();
    packages = await session.loadedPackages();
  } finally {
    await session.close();
  }
  return Promise.all(
    labs.map((lab) =>
      finish(lab, {
        ...checksOfModules(
          lab,
          modules.filter((module) => module.moduleId.startsWith(lab.dir + sep)),
        ),
        packages,
      }),
    ),
  );
}

async function finish(
  lab: LabInfo,
  noCode: { checks: InventoryCheck[]; broken: string[]; packages: string[] },
): Promise<LabInventory> {
  const { packages } = noCode;
  if (noCode.broken.length === 0)
    return { lab: lab.folder, ...totals(noCode.checks), source: 'no-code', packages };
  const solution = join(lab.dir, 'solution');
  if (!existsSync(solution)) {
    throw new InventoryError(
      `cannot count the checks of lab ${lab.id}: ${noCode.broken.join('; ')} — a test file must not call the lab's code while it is collected`,
    );
  }
  const reference = await collectChecks(lab, solution);
  if (reference.broken.length > 0)
    throw new InventoryError(`cannot count the checks of lab ${lab.id}: ${reference.broken.join('; ')}`);
  return { lab: lab.folder, ...totals(reference.checks), source: 'solution', packages };
}

/** The scorer's view of an inventory: checks by absolute test file, for a file the learner's code broke. */
export function inventoryByFile(lab: LabInfo, inventory: LabInventory): Inventory {
  const byFile: Inventory = new Map();
  for (const check of inventory.checks) {
    const moduleId = join(lab.dir, check.file);
    byFile.set(moduleId, [...(byFile.get(moduleId) ?? []), { fullName: check.title, meta: check.meta }]);
  }
  return byFile;
}

async function collectChecks(
  lab: LabInfo,
  codeDir: string | undefined,
): Promise<{ checks: InventoryCheck[]; broken: string[]; packages: string[] }> {
  const session = await LabSession.open(lab, codeDir ? { codeDir } : { codeDir: '', noCode: true });
  try {
    const checks = checksOfModules(lab, await session.collect());
    return { ...checks, packages: await session.loadedPackages() };
  } finally {
    await session.close();
  }
}

function checksOfModules(
  lab: LabInfo,
  modules: readonly TestModule[],
): { checks: InventoryCheck[]; broken: string[] } {
  return {
    checks: modules.flatMap((module) => checksOf(lab, module)),
    broken: modules
      .filter((module) => module.errors().length > 0)
      .map((module) => `${relative(lab.dir, module.moduleId)}: ${describeError(module.errors()[0])}`),
  };
}

function checksOf(lab: LabInfo, module: TestModule): InventoryCheck[] {
  const file = relative(lab.dir, module.moduleId);
  return [...module.children.allTests()].flatMap((test) => {
    const meta = test.meta().cloudlab;
    // A plain Vitest test (no check()) is worth nothing: it is not part of the rubric.
    return meta ? [{ id: `${file}::${test.fullName}`, file, title: test.fullName, meta }] : [];
  });
}

/** In exercise order: the order every result of the lab is reported in (reconcileWithInventory keeps it). */
function totals(checks: InventoryCheck[]): { checks: InventoryCheck[]; maxScore: number } {
  return {
    checks: inExerciseOrder(checks, (check) => check.meta.exercise),
    maxScore: checks.reduce((sum, check) => sum + check.meta.points, 0),
  };
}
