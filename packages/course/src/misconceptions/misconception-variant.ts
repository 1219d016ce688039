import { commentLeaderFor, markerPatterns } from '../starter/starter-transform.ts';
import type { Misconception } from './misconception-entry.ts';

/**
 * The solution tree with a misconception's edits applied (markers still in), or the problem that stops it.
 * Each `find` must occur exactly once in its file as it is in solution/, so an entry names one place and an
 * entry whose place the solution no longer has fails by name instead of silently testing nothing.
 */
export function applyMisconception(
  solution: ReadonlyMap<string, string>,
  entry: Misconception,
): { files: Map<string, string> } | { problem: string } {
  const files = new Map(solution);
  const problems: string[] = [];
  entry.edits.forEach((edit, index) => {
    const where = `edits[${index}]`;
    const original = solution.get(edit.file);
    if (original === undefined) {
      problems.push(`${where} edits solution/${edit.file}, which does not exist`);
      return;
    }
    const count = occurrences(original, edit.find);
    if (count !== 1) {
      problems.push(
        count === 0
          ? `${where}.find does not occur in solution/${edit.file} — the solution changed: update the entry`
          : `${where}.find occurs ${count} times in solution/${edit.file} — lengthen it so it names one place`,
      );
      return;
    }
    const marker = crossesMarker(edit.file, edit.find) || crossesMarker(edit.file, edit.replace);
    if (marker) {
      problems.push(`${where} contains the marker line "${marker}" — keep edits inside a solution region`);
      return;
    }
    const current = files.get(edit.file) as string;
    if (occurrences(current, edit.find) !== 1) {
      problems.push(`${where}.find no longer occurs once in solution/${edit.file} after the edits before it`);
      return;
    }
    files.set(
      edit.file,
      current.replace(edit.find, () => edit.replace),
    );
  });
  if (problems.length > 0) return { problem: `${entry.path}: ${problems.join('; ')}` };
  if ([...files].every(([rel, text]) => solution.get(rel) === text))
    return { problem: `${entry.path}: its edits leave the solution unchanged` };
  return { files };
}

function occurrences(text: string, find: string): number {
  let count = 0;
  for (let at = text.indexOf(find); at !== -1; at = text.indexOf(find, at + 1)) count += 1;
  return count;
}

/** The first BEGIN/END SOLUTION line in `text`, for a file with solution markers. */
function crossesMarker(file: string, text: string): string | undefined {
  const leader = commentLeaderFor(file);
  if (!leader) return undefined;
  const { begin, end } = markerPatterns(leader);
  return text
    .split('\n')
    .map((line) => line.trim())
    .find((line) => begin.test(line) || end.test(line));
}
