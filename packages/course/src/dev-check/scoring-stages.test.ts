import { describe, expect, it } from 'vitest';
import { scoringStages } from './scoring-stages.ts';

const costs = new Map([
  ['handler', 900],
  ['template', 1200],
  ['workflow', 12_000],
  ['audit', 24_000],
]);
const scoring = new Set(costs.keys());

describe('scoringStages', () => {
  it('runs the affected scoring files first, then the others cheapest first, each group costing at least all before it', () => {
    expect(scoringStages(scoring, new Set(['handler', 'typecheck']), costs)).toEqual([
      new Set(['handler']),
      new Set(['template']),
      new Set(['workflow']),
      new Set(['audit']),
    ]);
    expect(scoringStages(scoring, new Set(['workflow']), costs)).toEqual([
      new Set(['workflow']),
      new Set(['handler', 'template', 'audit']),
    ]);
  });

  it('with no file known to be affected starts from the cheapest, and every scoring file runs exactly once', () => {
    const stages = scoringStages(scoring, new Set(), costs);
    expect(stages[0]).toEqual(new Set(['handler']));
    expect(stages.flatMap((stage) => [...stage]).sort()).toEqual([...scoring].sort());
  });
});

describe('scoringStages with the files that can catch the variant', () => {
  it('runs the cheapest of them alone first, then the affected files, then the rest', () => {
    expect(scoringStages(scoring, new Set(['workflow']), costs, new Set(['audit', 'template']))).toEqual([
      new Set(['template']),
      new Set(['workflow']),
      new Set(['handler', 'audit']),
    ]);
    // A catcher among the affected files leaves them after it; one that is not scoring is ignored.
    expect(
      scoringStages(scoring, new Set(['handler', 'template']), costs, new Set(['template', 'typecheck'])),
    ).toEqual([new Set(['template']), new Set(['handler']), new Set(['workflow']), new Set(['audit'])]);
  });

  it('runs every scoring file exactly once', () => {
    const stages = scoringStages(scoring, new Set(['audit']), costs, new Set(['workflow']));
    expect(stages[0]).toEqual(new Set(['workflow']));
    expect(stages.flatMap((stage) => [...stage]).sort()).toEqual([...scoring].sort());
  });
});
