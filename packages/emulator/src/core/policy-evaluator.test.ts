import { describe, expect, it } from 'vitest';
import { evaluatePolicies } from './policy-evaluator.ts';
import type { PolicyDocument } from './types.ts';

const policy = (...Statement: PolicyDocument['Statement']): PolicyDocument => ({
  Version: '2012-10-17',
  Statement,
});

describe('evaluatePolicies', () => {
  it('denies implicitly when nothing allows', () => {
    expect(evaluatePolicies([], 'ssm:GetParameter', 'arn:x')).toBe('implicit-deny');
  });

  it('allows with wildcards in Action and Resource, matching actions case-insensitively', () => {
    const p = policy({ Effect: 'Allow', Action: 'SSM:get*', Resource: 'arn:aws:ssm:*:*:parameter/app/*' });
    expect(evaluatePolicies([p], 'ssm:GetParameter', 'arn:aws:ssm:us-east-1:1:parameter/app/a')).toBe(
      'allow',
    );
    expect(evaluatePolicies([p], 'ssm:PutParameter', 'arn:aws:ssm:us-east-1:1:parameter/app/a')).toBe(
      'implicit-deny',
    );
    expect(evaluatePolicies([p], 'ssm:GetParameter', 'arn:aws:ssm:us-east-1:1:parameter/other')).toBe(
      'implicit-deny',
    );
  });

  it('matches ? as exactly one character and resources case-sensitively', () => {
    const p = policy({ Effect: 'Allow', Action: '*', Resource: 'arn:aws:s3:::bucket-?' });
    expect(evaluatePolicies([p], 's3:GetObject', 'arn:aws:s3:::bucket-1')).toBe('allow');
    expect(evaluatePolicies([p], 's3:GetObject', 'arn:aws:s3:::bucket-12')).toBe('implicit-deny');
    expect(evaluatePolicies([p], 's3:GetObject', 'arn:aws:s3:::BUCKET-1')).toBe('implicit-deny');
  });

  it('lets an explicit Deny win over any Allow, in any policy order', () => {
    const allow = policy({ Effect: 'Allow', Action: '*', Resource: '*' });
    const deny = policy({ Effect: 'Deny', Action: ['kms:Decrypt'], Resource: ['*'] });
    expect(evaluatePolicies([allow, deny], 'kms:Decrypt', 'arn:k')).toBe('explicit-deny');
    expect(evaluatePolicies([deny, allow], 'kms:decrypt', 'arn:k')).toBe('explicit-deny');
    expect(evaluatePolicies([deny, allow], 'kms:Encrypt', 'arn:k')).toBe('allow');
  });

  it('treats regex characters in patterns literally', () => {
    const p = policy({ Effect: 'Allow', Action: '*', Resource: 'arn:a.b' });
    expect(evaluatePolicies([p], 'x:y', 'arn:aXb')).toBe('implicit-deny');
    expect(evaluatePolicies([p], 'x:y', 'arn:a.b')).toBe('allow');
  });
});
