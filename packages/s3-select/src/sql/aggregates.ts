import { SelectError } from '../errors.ts';
import { MISSING, type SqlValue } from '../values.ts';
import type { AggregateName } from './ast.ts';
import { shown } from './compare.ts';
import type { StaticType } from './compiled.ts';

/**
 * Accumulators for COUNT, SUM, AVG, MIN and MAX (no GROUP BY in S3 Select: one group, the whole object).
 * NULL and MISSING are skipped; over no values COUNT is 0 and the others are NULL
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/s3-select-sql-reference-aggregate.html).
 * SUM, AVG, MIN and MAX take numbers only (the reference's argument types are INT, FLOAT, DECIMAL); a STRING —
 * every CSV field until CAST — fails the query with ExternalEvalException, as S3 answers SUM(Score) over CSV
 * (minio/minio#7876, compared against S3 in us-west-1).
 */
export interface Accumulator {
  add(v: SqlValue): void;
  result(): SqlValue;
}

export function createAccumulator(name: AggregateName, argType: StaticType): Accumulator {
  switch (name) {
    case 'COUNT': {
      let count = 0;
      return {
        add: (v) => {
          if (v !== null && v !== MISSING) count++;
        },
        result: () => count,
      };
    }
    case 'SUM':
    case 'AVG': {
      let sum = 0;
      let count = 0;
      // DECIMAL sums are exact in S3; JS doubles are not (0.1 + 0.2). Rounding the total to the largest scale
      // of its inputs gives the exact decimal back for any realistic row count.
      const decimal = argType === 'decimal';
      let scale = 0;
      return {
        add: (v) => {
          if (v === null || v === MISSING) return;
          sum += toNumber(name, v);
          if (decimal) scale = Math.max(scale, scaleOf(v as number));
          count++;
        },
        result: () => {
          if (count === 0) return null;
          const total = decimal ? Number(sum.toFixed(scale)) : sum;
          return name === 'SUM' ? total : total / count;
        },
      };
    }
    case 'MIN':
    case 'MAX': {
      let best: SqlValue = null;
      const wantSign = name === 'MIN' ? -1 : 1;
      return {
        add: (v) => {
          if (v === null || v === MISSING) return;
          const value = toNumber(name, v);
          if (best === null || Math.sign(value - (best as number)) === wantSign) best = value;
        },
        result: () => best,
      };
    }
  }
}

/** Digits after the decimal point of a number's shortest text (0.25 → 2), capped at 20 for toFixed. */
function scaleOf(n: number): number {
  const text = String(n);
  const dot = text.indexOf('.');
  return dot < 0 || text.includes('e') ? 0 : Math.min(20, text.length - dot - 1);
}

function toNumber(name: string, v: SqlValue): number {
  if (typeof v === 'number') return v;
  throw new SelectError(
    'ExternalEvalException',
    `The query cannot be evaluated: ${name} needs numbers but got ${shown(v)}. ` +
      `CSV fields are STRING until you CAST them, e.g. ${name}(CAST(s.fare AS FLOAT)).`,
  );
}
