import { expect, test } from 'vitest';
import { failedLabsName } from './lab-failure.ts';

test('a failure note names its lab, or every lab of the one run that could have caused it', () => {
  expect(failedLabsName(undefined)).toBe('grading');
  expect(failedLabsName([])).toBe('grading');
  expect(failedLabsName(['01-mini'])).toBe('01-mini');
  expect(failedLabsName(['01-mini', '02-mul'])).toBe('01-mini or 02-mul (graded in one run)');
  expect(failedLabsName(['01-a', '02-b', '03-c'])).toBe('01-a, 02-b or 03-c (graded in one run)');
});
