import { describe, expect, it } from 'vitest';
import { classifyError, type FailureClassifier } from './failure-classifier.ts';

const refused: FailureClassifier = (error) =>
  (error as { code?: string })?.code === 'ECONNREFUSED'
    ? { classification: 'environment', advice: 'start it' }
    : undefined;

describe('classifyError', () => {
  it('calls a broken check definition a harness failure, whatever the classifiers say', () => {
    const error = Object.assign(new Error('check "x": needs a hint'), { name: 'CheckDefinitionError' });
    expect(classifyError(error, [() => ({ classification: 'environment' })]).classification).toBe('harness');
  });

  it('asks the caller’s classifiers, and calls what none knows a wrong answer', () => {
    const error = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    expect(classifyError(error, [refused])).toEqual({ classification: 'environment', advice: 'start it' });
    expect(classifyError(error).classification).toBe('wrong-answer');
    expect(classifyError(new TypeError('x'), [refused]).classification).toBe('wrong-answer');
  });
});
