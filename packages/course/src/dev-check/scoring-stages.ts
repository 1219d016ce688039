/**
 * The order in which a TODO or misconception variant runs the lab's scoring test files, as groups (stages)
 * run one after another until the verdict is proven (see gradeInStages in lab-variants.ts). Any order gives
 * the verdict of running every file at once; the order only decides how soon a caught variant stops.
 *
 * First, alone, the cheapest of the files that can prove the variant caught (`catchers`: for a misconception
 * with caught-by, the files with a check whose title contains it, one of which must fail; for TODO n, the
 * files with a check of exercise n): it is nearly always the one that catches it, and it is often one of
 * several files that import the changed file. Then the files that import a changed file (Vite's module graph
 * knows these): a wrong answer is nearly always caught there. Then the other files, cheapest first (their
 * cost measured in the solution's run), in groups that each cost at least as much as everything run before
 * them: a file read rather than imported (lab 05's template.yaml, the learner test its audit runs) is found by
 * a cheap file when one catches it, and an expensive file runs only when nothing cheaper did, while the
 * number of extra runs (each with its fixed cost) stays logarithmic.
 */
export function scoringStages(
  scoring: ReadonlySet<string>,
  affected: ReadonlySet<string>,
  costMs: ReadonlyMap<string, number>,
  catchers: ReadonlySet<string> = new Set(),
): Set<string>[] {
  const cost = (file: string) => costMs.get(file) ?? 0;
  const cheapestFirst = (a: string, b: string) => cost(a) - cost(b) || a.localeCompare(b);
  const catcher = [...catchers].filter((file) => scoring.has(file)).sort(cheapestFirst)[0];
  const stages: Set<string>[] = catcher === undefined ? [] : [new Set([catcher])];
  const first = new Set([...affected].filter((file) => scoring.has(file) && file !== catcher));
  if (first.size > 0) stages.push(first);
  const ran = new Set(stages.flatMap((stage) => [...stage]));
  const rest = [...scoring].filter((file) => !ran.has(file)).sort(cheapestFirst);
  let spent = [...ran].reduce((sum, file) => sum + cost(file), 0);
  let group = new Set<string>();
  let groupCost = 0;
  for (const file of rest) {
    group.add(file);
    groupCost += cost(file);
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
