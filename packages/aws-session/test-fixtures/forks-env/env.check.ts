import { expect, it } from 'vitest';
import { createSession } from '../../src/session.ts';

it('sees the emulator environment in a forked worker and reuses that endpoint', async () => {
  expect(process.env.AWS_ENDPOINT_URL).toBe('http://127.0.0.1:45999');
  expect(process.env.AWS_ACCESS_KEY_ID).toBe('AKIAFAKEEMULATOR0001');
  expect(process.env.CLOUDLAB_TARGET).toBe('emulator');
  expect(process.env.AWS_REGION).toBe('eu-west-1');
  expect(process.env.CLOUDLAB_LEARNER).toBe('student');
  expect(process.env.CLOUDLAB_RUN_ID).toMatch(/^[0-9a-f]{8}$/);
  const session = createSession();
  expect(session.target).toBe('emulator');
  expect(await session.endpoint()).toBe('http://127.0.0.1:45999');
  expect((await session.credentials()).source.kind).toBe('environment');
});
