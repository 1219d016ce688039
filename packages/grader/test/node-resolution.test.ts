import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Vitest } from 'vitest/node';
import { discoverLabs, LabSession } from '../src/node.ts';
import { FIXTURES } from './fixture-labs.ts';

// The AWS SDK's packages name ES modules in `.js` files of CommonJS packages (`module` field and condition).
// Resolved that way, Vitest cannot hand them to Node and runs them through Vite instead, keeping each one's
// code and source map in memory. A lab's config and a course run must both resolve them as Node does.
// @smithy/core has an `exports` map with a `module` condition; @smithy/util-utf8 has `main` and `module` fields.
const PACKAGES = ['@smithy/core', '@smithy/util-utf8'];
// `__vitest__`: where global setups (the embedded emulator) run; `ssr`: where lab tests run (Vitest already
// resolves the Node way there: checked so that it stays so).
const ENVIRONMENTS = ['ssr', '__vitest__'];

async function resolvedIn(vitest: Vitest, environment: string, specifier: string) {
  const container = vitest.projects[0]?.vite.environments[environment]?.pluginContainer;
  if (!container) throw new Error(`no Vite environment ${environment}`);
  return (await container.resolveId(specifier, import.meta.filename))?.id;
}

const sessions: Record<string, LabSession> = {};

beforeAll(async () => {
  const [lab] = await discoverLabs(FIXTURES);
  if (!lab) throw new Error('no fixture lab');
  const codeDir = join(lab.dir, 'solution');
  sessions['a lab on its own'] = await LabSession.open(lab, { codeDir });
  sessions['a course run'] = await LabSession.openCourse([{ lab, codeDir }], {});
});

afterAll(async () => {
  for (const session of Object.values(sessions)) await session.close();
});

describe.each(['a lab on its own', 'a course run'])('%s', (name) => {
  it.each(ENVIRONMENTS.flatMap((environment) => PACKAGES.map((pkg) => [environment, pkg])))(
    'resolves the SDK as Node does in %s: %s → dist-cjs',
    async (environment, pkg) => {
      const id = await resolvedIn((sessions[name] as LabSession).vitest, environment, pkg);
      expect(id).toMatch(/\/dist-cjs\/index\.js$/);
    },
  );
});
