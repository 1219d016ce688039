import { describe, expect, it } from 'vitest';
import { defineLab, LabDefinitionError } from './define-lab.ts';

const valid = {
  id: '03',
  slug: 'parameter-store',
  title: 'Parameter Store',
  objectives: ['read a parameter'],
  exercises: [
    { n: 1, title: 'Read one parameter', file: 'read.ts' },
    { n: 2, title: 'Read a path', file: 'read.ts' },
  ],
};

describe('defineLab', () => {
  it('returns the metadata unchanged and frozen', () => {
    const lab = defineLab(valid);
    expect(lab).toEqual(valid);
    expect(Object.isFrozen(lab)).toBe(true);
  });

  it.each([
    [{ ...valid, id: '3' }, 'id must be two digits'],
    [{ ...valid, slug: 'Parameter Store' }, 'slug must be kebab-case'],
    [{ ...valid, title: ' ' }, 'title must not be empty'],
    [{ ...valid, objectives: [] }, 'objectives must be a non-empty list'],
    [{ ...valid, exercises: [] }, 'exercises must list at least one'],
    [{ ...valid, exercises: [valid.exercises[0]!, { n: 1, title: 'Again', file: 'a.ts' }] }, 'used twice'],
    [{ ...valid, exercises: [{ n: 1, title: '', file: 'a.ts' }] }, 'exercise 1 needs a title'],
  ])('rejects an invalid definition (%#: %s)', (lab, problem) => {
    expect(() => defineLab(lab)).toThrow(LabDefinitionError);
    expect(() => defineLab(lab)).toThrow(problem);
  });

  it('lists every problem at once', () => {
    try {
      defineLab({ ...valid, id: 'x', title: '' });
      expect.unreachable();
    } catch (error) {
      expect((error as LabDefinitionError).problems).toHaveLength(2);
    }
  });
});
