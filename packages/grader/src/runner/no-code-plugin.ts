import type { Plugin } from 'vitest/config';

/**
 * A code folder that does not exist: `@lab/x.ts` aliased under it resolves to an empty module. Collecting a
 * lab's suite this way imports the course's tests and nothing a learner wrote (see trusted-inventory.ts).
 */
export const NO_CODE_DIR = '/__cloudlab_no_code__';
const STUB_PREFIX = '\0cloudlab-no-code:';

/** Resolves every import under NO_CODE_DIR to an empty module: the lab's exports read as undefined. */
export function noCodePlugin(): Plugin {
  return {
    name: 'cloudlab:no-code',
    enforce: 'pre',
    resolveId(source) {
      return source.startsWith(`${NO_CODE_DIR}/`) ? `${STUB_PREFIX}${source}` : null;
    },
    load(id) {
      return id.startsWith(STUB_PREFIX) ? 'export {};\n' : null;
    },
  };
}
