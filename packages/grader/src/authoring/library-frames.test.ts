import { describe, expect, it } from 'vitest';
import { dropLibraryFrames } from './library-frames.ts';

const stack = [
  'AssertionError: expected 3 to be 4',
  '    at Proxy.<anonymous> (/repo/node_modules/.pnpm/chai@5/node_modules/chai/index.js:1:2)',
  '    at /repo/labs/01/code/whoami.ts:12:5',
  '    at async send (/repo/node_modules/@smithy/core/dist-cjs/index.js:9:9)',
  '    at async /repo/labs/01/tests/whoami.test.ts:30:7',
  '    at node:internal/process/task_queues:95:5',
].join('\n');

describe('dropLibraryFrames', () => {
  it('keeps the message, the first frame (where the error was made) and every frame outside node_modules', () => {
    const error = Object.assign(new Error('x'), { stack });
    dropLibraryFrames(error);
    expect(error.stack.split('\n')).toEqual([
      'AssertionError: expected 3 to be 4',
      '    at Proxy.<anonymous> (/repo/node_modules/.pnpm/chai@5/node_modules/chai/index.js:1:2)',
      '    at /repo/labs/01/code/whoami.ts:12:5',
      '    at async /repo/labs/01/tests/whoami.test.ts:30:7',
      '    at node:internal/process/task_queues:95:5',
    ]);
  });

  it('leaves alone what has no stack or no frame, and a frozen error', () => {
    const plain = { message: 'thrown object' };
    dropLibraryFrames(plain);
    expect(plain).toEqual({ message: 'thrown object' });
    const noFrames = Object.assign(new Error('x'), { stack: 'Error: x' });
    dropLibraryFrames(noFrames);
    expect(noFrames.stack).toBe('Error: x');
    const frozen = Object.freeze(Object.assign(new Error('x'), { stack }));
    expect(() => dropLibraryFrames(frozen)).not.toThrow();
    // Node 20 keeps a frozen error's stack (a data property); Node 24's `stack` accessor still takes the trim.
    const trimmed = stack
      .split('\n')
      .filter((line) => !line.includes('@smithy'))
      .join('\n');
    expect([stack, trimmed]).toContain(frozen.stack);
    expect(() => dropLibraryFrames('a string')).not.toThrow();
  });
});
