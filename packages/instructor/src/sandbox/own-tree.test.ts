import { link, lstat, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ownTree } from './own-tree.ts';

const SLOT_UID = 64007;
const asRoot = process.getuid?.() === 0;

let work: string;
let staged: string;
let store: string;

// A staged submission as stageSubmission leaves it: the learner's code, a link to the course's packages
// (a store of many files outside), a file hard-linked from the store, and the grading child's home.
beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'cloudlab-own-tree-'));
  store = join(work, 'store');
  for (let pkg = 0; pkg < 20; pkg++) {
    await mkdir(join(store, `pkg-${pkg}`, 'dist'), { recursive: true });
    for (let file = 0; file < 10; file++)
      await writeFile(join(store, `pkg-${pkg}`, 'dist', `${file}.js`), '');
  }
  staged = join(work, 'submission');
  await mkdir(join(staged, 'labs', '05-x', 'code', 'src'), { recursive: true });
  await mkdir(join(staged, 'home'), { recursive: true });
  await writeFile(join(staged, 'labs', '05-x', 'code', 'app.ts'), 'export {};\n');
  await writeFile(join(staged, 'labs', '05-x', 'code', 'src', 'handler.ts'), 'export {};\n');
  await symlink(store, join(staged, 'labs', '05-x', 'node_modules'), 'dir');
  await symlink(join(store, 'pkg-0'), join(staged, 'labs', '05-x', 'code', 'linked-dir'), 'dir');
  await symlink(join(store, 'pkg-0', 'dist', '0.js'), join(staged, 'labs', '05-x', 'code', 'linked.js'));
  // A learner's own node_modules folder (a real one) is not the learner's code either: never entered.
  await mkdir(join(staged, 'labs', '05-x', 'code', 'node_modules', 'x'), { recursive: true });
  await writeFile(join(staged, 'labs', '05-x', 'code', 'node_modules', 'x', 'index.js'), '');
  await link(join(store, 'pkg-1', 'dist', '1.js'), join(staged, 'labs', '05-x', 'code', 'hard.js'));
});

afterEach(() => rm(work, { recursive: true, force: true }));

/** Every path under `dir` whose owner is not root, relative to `work`. */
async function ownedBySlot(paths: string[]): Promise<string[]> {
  const owned: string[] = [];
  for (const path of paths) if ((await lstat(path)).uid === SLOT_UID) owned.push(relative(work, path));
  return owned;
}

describe('ownTree', () => {
  it('hands over only the learner’s own files and folders: never through a link, node_modules or a hard link', async () => {
    const changed: string[] = [];
    const calls = await ownTree(staged, SLOT_UID, SLOT_UID, {
      lchown: async (path) => void changed.push(relative(work, path)),
    });
    expect(changed.sort()).toEqual(
      [
        'submission',
        'submission/home',
        'submission/labs',
        'submission/labs/05-x',
        'submission/labs/05-x/code',
        'submission/labs/05-x/code/app.ts',
        'submission/labs/05-x/code/src',
        'submission/labs/05-x/code/src/handler.ts',
      ].sort(),
    );
    // 8 calls for a store of 200 files behind the links (Node's recursive readdir walked into all of them).
    expect(calls).toBe(8);
  });

  it('hands a folder over after its contents, so the new owner cannot swap an entry during the walk', async () => {
    const order: string[] = [];
    await ownTree(staged, SLOT_UID, SLOT_UID, { lchown: async (path) => void order.push(path) });
    const code = join(staged, 'labs', '05-x', 'code');
    expect(order.indexOf(join(code, 'app.ts'))).toBeLessThan(order.indexOf(code));
    expect(order.at(-1)).toBe(staged);
  });

  it.skipIf(!asRoot)('as root, changes the owner inside and leaves the linked store as it was', async () => {
    const storeFiles = [
      store,
      join(store, 'pkg-0'),
      join(store, 'pkg-0', 'dist', '0.js'),
      join(store, 'pkg-1', 'dist', '1.js'),
    ];
    expect(await ownTree(staged, SLOT_UID, SLOT_UID)).toBe(8);
    expect(await ownedBySlot(storeFiles)).toEqual([]);
    expect(
      await ownedBySlot([join(staged, 'labs', '05-x', 'code', 'node_modules', 'x', 'index.js')]),
    ).toEqual([]);
    expect(await ownedBySlot([join(staged, 'labs', '05-x', 'code', 'app.ts'), staged])).toHaveLength(2);
    // The link itself keeps its owner too.
    expect((await lstat(join(staged, 'labs', '05-x', 'node_modules'))).uid).toBe(0);
    // A second hand-over of the same tree changes nothing.
    expect(await ownTree(staged, SLOT_UID, SLOT_UID)).toBe(0);
  });
});
