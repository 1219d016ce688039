import { describe, expect, it } from 'vitest';
import { policyDocument } from './policy-document.ts';

const refusal = (value: unknown) => {
  try {
    policyDocument(value);
  } catch (error) {
    return error as { code: string; message: string };
  }
  throw new Error('accepted');
};

describe('policyDocument', () => {
  it('takes a single statement object as IAM does, and keeps every list a list', () => {
    expect(policyDocument({ Statement: { Effect: 'Allow', Action: 's3:*', NotResource: 'arn:x' } })).toEqual({
      Version: '2008-10-17',
      Statement: [{ Effect: 'Allow', Action: ['s3:*'], NotResource: ['arn:x'] }],
    });
  });

  it('keeps a Condition, its numbers and booleans as strings', () => {
    const doc = policyDocument({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Deny',
          NotAction: ['sts:*'],
          Resource: '*',
          Condition: { Bool: { 'aws:SecureTransport': false }, NumericLessThan: { 'aws:EpochTime': 5 } },
        },
      ],
    });
    expect(doc.Statement[0]!.Condition).toEqual({
      Bool: { 'aws:SecureTransport': ['false'] },
      NumericLessThan: { 'aws:EpochTime': ['5'] },
    });
  });

  it("refuses what IAM refuses, with MalformedPolicyDocument and the statement's number", () => {
    expect(refusal({ Statement: [] })).toMatchObject({ code: 'MalformedPolicyDocument' });
    expect(refusal({ Statement: [{ Effect: 'Allow', Action: '*' }] }).message).toBe(
      'The policy, statement 1: Policy statement must contain resources.',
    );
    expect(refusal({ Statement: [{ Effect: 'Allow', Resource: '*' }] }).message).toContain(
      'must contain actions',
    );
    expect(refusal({ Statement: [{ Effect: 'Permit', Action: '*', Resource: '*' }] }).message).toContain(
      'Effect must be "Allow" or "Deny"',
    );
    expect(
      refusal({ Statement: [{ Effect: 'Allow', Action: '*', NotAction: 's3:*', Resource: '*' }] }).message,
    ).toContain('not both');
    expect(
      refusal({ Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }] }).message,
    ).toContain('should not specify a principal');
    expect(refusal({ Statement: [{ Effect: 'Allow', Action: [1], Resource: '*' }] }).message).toContain(
      'Action must be a string or a list of strings',
    );
  });

  it('refuses a condition operator the emulator cannot evaluate, and says how to run it instead', () => {
    const { message } = refusal({
      Statement: [
        {
          Effect: 'Allow',
          Action: '*',
          Resource: '*',
          Condition: { BinaryEquals: { 'aws:SourceIp': 'AAAA' } },
        },
      ],
    });
    expect(message).toContain('BinaryEquals');
    expect(message).toContain('--target aws');
  });
});
