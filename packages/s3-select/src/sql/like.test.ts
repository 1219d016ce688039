import { describe, expect, it } from 'vitest';
import { likeToRegExp } from './like.ts';

describe('likeToRegExp', () => {
  it('anchors the pattern at both ends', () => {
    expect(likeToRegExp('abc', undefined).test('xabcx')).toBe(false);
    expect(likeToRegExp('%abc%', undefined).test('xabcx')).toBe(true);
  });

  it('lets % and _ match newlines and any character, including astral ones', () => {
    expect(likeToRegExp('a%b', undefined).test('a\nb')).toBe(true);
    expect(likeToRegExp('_', undefined).test('😀')).toBe(true);
  });

  it('makes the escape character itself literal when doubled', () => {
    const re = likeToRegExp('50\\%\\\\', '\\');
    expect(re.test('50%\\')).toBe(true);
    expect(re.test('500\\')).toBe(false);
  });

  it('refuses an ESCAPE of more than one character', () => {
    expect(() => likeToRegExp('a', '!!')).toThrow(/one character/);
  });
});
