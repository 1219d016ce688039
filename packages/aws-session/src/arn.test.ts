import { describe, expect, it } from 'vitest';
import { parsePrincipalArn } from './arn.ts';

describe('parsePrincipalArn', () => {
  it.each([
    ['arn:aws:iam::123456789012:root', { type: 'root', account: '123456789012', name: 'root' }],
    ['arn:aws:iam::123456789012:user/alice', { type: 'iam-user', name: 'alice' }],
    ['arn:aws:iam::123456789012:user/division/team/bob', { type: 'iam-user', name: 'bob' }],
    [
      'arn:aws:sts::123456789012:assumed-role/LabRole/i-0abc',
      { type: 'assumed-role', name: 'LabRole', sessionName: 'i-0abc' },
    ],
    [
      'arn:aws-cn:sts::123456789012:federated-user/carol',
      { type: 'federated-user', name: 'carol', partition: 'aws-cn' },
    ],
    ['arn:aws:iam::123456789012:role/Plain', { type: 'unknown', name: 'role/Plain' }],
    ['not-an-arn', { type: 'unknown', name: 'not-an-arn' }],
  ])('reads %s', (arn, expected) => {
    expect(parsePrincipalArn(arn)).toMatchObject(expected);
  });
});
