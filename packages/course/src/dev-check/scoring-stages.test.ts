import { describe, expect, it } from 'vitest';
import { scoringStages, withCheapestCatcher } from './scoring-stages.ts';

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

describe('withCheapestCatcher', () => {
  it('adds the cheapest file that can catch the variant when no affected file can', () => {
    expect(withCheapestCatcher(new Set(['handler']), new Set(['audit', 'template']), costs)).toEqual(
      new Set(['handler', 'template']),
    );
    expect(withCheapestCatcher(new Set(), new Set(['workflow', 'audit']), costs)).toEqual(
      new Set(['workflow']),
    );
  });

  it('adds nothing when an affected file can catch it, or when any file can', () => {
    expect(withCheapestCatcher(new Set(['workflow']), new Set(['workflow', 'template']), costs)).toEqual(
      new Set(['workflow']),
    );
    expect(withCheapestCatcher(new Set(['handler']), new Set(), costs)).toEqual(new Set(['handler']));
  });
});
