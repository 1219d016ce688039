import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Inside a warm sandbox, between two learners: empties its scratch folders (/tmp, each graded lab's
 * `.cloudlab/`, Vite's temp), which live as long as the sandbox, so that nothing one learner left there is
 * read by the next (SECURITY.md, item 4). Does nothing outside a sandbox. Returns how many entries it removed.
 */
export async function emptyScratch(sandboxed: boolean, scratchJson: string | undefined): Promise<number> {
  if (!sandboxed) return 0;
  let folders: string[] = [];
  try {
    const parsed: unknown = JSON.parse(scratchJson ?? '[]');
    if (Array.isArray(parsed)) folders = parsed.filter((entry): entry is string => typeof entry === 'string');
  } catch {
    // No list: only /tmp.
  }
  let removed = 0;
  for (const folder of ['/tmp', ...folders]) {
    for (const entry of await readdir(folder).catch(() => [] as string[])) {
      await rm(join(folder, entry), { recursive: true, force: true }).catch(() => undefined);
      removed++;
    }
  }
  return removed;
}
