import { expect, it } from 'vitest';

it('reaches the emulator its run was given', async () => {
  const response = await fetch(process.env.AWS_ENDPOINT_URL as string);
  expect(await response.text()).toBe('ok');
});
