/**
 * The order in which a misconception variant runs the lab's scoring test files, as groups (stages) run one
 * after another until the verdict is proven (see gradeMisconception in lab-variants.ts).
 *
 * First the files that import a changed file (Vite's module graph knows these): a wrong answer is nearly
 * always caught there, and only there. Then the other files, cheapest first (their cost measured in the
 * solution's run), in groups that each cost at least as much as everything run before them: a file read
 * rather than imported (lab 05's template.yaml, the learner test its audit runs) is found by a cheap file
 * when one catches it, and an expensive file runs only when nothing cheaper did, while the number of extra
 * runs (each with its fixed cost) stays logarithmic.
 */
export function scoringStages(
  scoring: ReadonlySet<string>,
  affected: ReadonlySet<string>,
  costMs: ReadonlyMap<string, number>,
): Set<string>[] {
  const first = new Set([...affected].filter((file) => scoring.has(file)));
  const rest = [...scoring]
    .filter((file) => !first.has(file))
    .sort((a, b) => (costMs.get(a) ?? 0) - (costMs.get(b) ?? 0) || a.localeCompare(b));
  const stages = first.size > 0 ? [first] : [];
  let spent = [...first].reduce((sum, file) => sum + (costMs.get(file) ?? 0), 0);
  let group = new Set<string>();
  let groupCost = 0;
  for (const file of rest) {
    group.add(file);
    groupCost += costMs.get(file) ?? 0;
    if (groupCost >= spent) {
      stages.push(group);
      spent += groupCost;
      group = new Set();
      groupCost = 0;
    }
  }
  if (group.size > 0) stages.push(group);
  return stages;
}

/**
 * The first stage: the files that import a changed file, and, when none of them can catch the variant, the
 * cheapest file that can — a file read rather than imported (lab 05's template.yaml) is otherwise reached
 * only by later stages, each a run with its fixed cost.
 */
export function withCheapestCatcher(
  affected: ReadonlySet<string>,
  catcherFiles: ReadonlySet<string>,
  costMs: ReadonlyMap<string, number>,
): Set<string> {
  if (catcherFiles.size === 0 || [...affected].some((file) => catcherFiles.has(file)))
    return new Set(affected);
  const cheapest = [...catcherFiles].sort(
    (a, b) => (costMs.get(a) ?? 0) - (costMs.get(b) ?? 0) || a.localeCompare(b),
  )[0] as string;
  return new Set([...affected, cheapest]);
}
