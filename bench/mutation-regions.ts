/**
 * What Stryker mutates in a lab: the code a learner writes, i.e. the lines between each `BEGIN SOLUTION n` and
 * `END SOLUTION` marker of the TypeScript files in solution/ (scaffolding outside the markers is given, and
 * fixtures and templates are not code the suite grades).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const BEGIN = /^\s*\/\/\s*BEGIN SOLUTION\b/;
const END = /^\s*\/\/\s*END SOLUTION\b/;

/** Stryker `mutate` patterns (`solution/x.ts:from-to`, 1-based lines, inclusive), one per marker region. */
export function solutionRegions(labDir: string): string[] {
  const solutionDir = join(labDir, 'solution');
  const patterns: string[] = [];
  for (const file of listTypeScript(solutionDir)) {
    const lines = readFileSync(file, 'utf8').split('\n');
    let open: number | undefined;
    lines.forEach((line, index) => {
      if (BEGIN.test(line)) open = index + 1;
      else if (END.test(line) && open !== undefined) {
        // The lines strictly between the markers (1-based: open + 1 … index).
        if (index > open) patterns.push(`${relative(labDir, file)}:${open + 1}-${index}`);
        open = undefined;
      }
    });
  }
  return patterns;
}

function listTypeScript(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts'))
    .map((entry) => join(entry.parentPath, entry.name))
    .filter((file) => !file.includes('/node_modules/'))
    .sort();
}
