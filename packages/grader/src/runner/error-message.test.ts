import { describe, expect, it } from 'vitest';
import { describeError } from './error-message.ts';

describe('describeError', () => {
  it('keeps a failed deploy’s whole status reason on the one line a report shows', () => {
    const reason =
      'ConfigFunctionRole: Resource handler returned message: "Policy arn:aws:iam::123456789012:policy/x is not attachable. (Service: Iam, Status Code: 400, Request ID: 0f6c1a2b-3c4d-5e6f-7a8b-9c0d1e2f3a4b)" (RequestToken: 1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d, HandlerErrorCode: InvalidRequest)';
    const message = `the stack did not deploy: ${reason} (cloudlab-student-05 ended ROLLBACK_COMPLETE. The stack was deleted, so the next deploy starts clean.)`;
    expect(describeError(new Error(message))).toBe(message);
  });

  it('shows only the first line, with the error name when it is not a plain Error', () => {
    const error = Object.assign(new Error('no such key\nstack details'), { name: 'NoSuchKey' });
    expect(describeError(error)).toBe('NoSuchKey: no such key');
  });
});
