// biome-ignore-all lint/suspicious/noTemplateCurlyInString: IAM policy variables are written ${…} in plain strings.
import { describe, expect, it } from 'vitest';
import { conditionsHold } from './policy-conditions.ts';
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

  it('applies NotAction and NotResource to everything except what they name', () => {
    const p = policy({
      Effect: 'Allow',
      NotAction: 'ssm:Put*',
      NotResource: 'arn:aws:ssm:*:*:parameter/secret/*',
    });
    expect(evaluatePolicies([p], 'ssm:GetParameter', 'arn:aws:ssm:us-east-1:1:parameter/app')).toBe('allow');
    expect(evaluatePolicies([p], 'ssm:PutParameter', 'arn:aws:ssm:us-east-1:1:parameter/app')).toBe(
      'implicit-deny',
    );
    expect(evaluatePolicies([p], 'ssm:GetParameter', 'arn:aws:ssm:us-east-1:1:parameter/secret/a')).toBe(
      'implicit-deny',
    );
  });

  it('applies a statement only where its Condition holds', () => {
    const allow = policy({
      Effect: 'Allow',
      Action: '*',
      Resource: '*',
      Condition: { StringEquals: { 'aws:RequestedRegion': ['eu-west-1', 'eu-central-1'] } },
    });
    expect(
      evaluatePolicies([allow], 'ssm:GetParameter', 'arn:p', { 'aws:requestedregion': 'eu-west-1' }),
    ).toBe('allow');
    expect(
      evaluatePolicies([allow], 'ssm:GetParameter', 'arn:p', { 'aws:requestedregion': 'us-east-1' }),
    ).toBe('implicit-deny');
    // A key the request does not have fails a positive operator.
    expect(evaluatePolicies([allow], 'ssm:GetParameter', 'arn:p', {})).toBe('implicit-deny');
  });
});

describe('policy variables', () => {
  const home = (Version: string, Resource: string) =>
    ({ Version, Statement: [{ Effect: 'Allow', Action: 'ssm:*', Resource }] }) as PolicyDocument;
  const ann = { 'aws:username': 'ann' };

  it('puts the request’s values into Resource in the 2012-10-17 grammar, literally', () => {
    const p = home('2012-10-17', 'arn:aws:ssm:*:*:parameter/home/${aws:username}/*');
    expect(evaluatePolicies([p], 'ssm:GetParameter', 'arn:aws:ssm:r:1:parameter/home/ann/db', ann)).toBe(
      'allow',
    );
    expect(evaluatePolicies([p], 'ssm:GetParameter', 'arn:aws:ssm:r:1:parameter/home/bob/db', ann)).toBe(
      'implicit-deny',
    );
    // A value is text, never a wildcard; a variable the request lacks matches nothing.
    const star = { 'aws:username': '*' };
    expect(evaluatePolicies([p], 'ssm:GetParameter', 'arn:aws:ssm:r:1:parameter/home/bob/db', star)).toBe(
      'implicit-deny',
    );
    expect(evaluatePolicies([p], 'ssm:GetParameter', 'arn:aws:ssm:r:1:parameter/home/ann/db', {})).toBe(
      'implicit-deny',
    );
  });

  it('keeps ${…} literal in the 2008 grammar, and knows defaults and the ${*} escape', () => {
    const old = home('2008-10-17', 'arn:x/${aws:username}');
    expect(evaluatePolicies([old], 'ssm:GetParameter', 'arn:x/ann', ann)).toBe('implicit-deny');
    expect(evaluatePolicies([old], 'ssm:GetParameter', 'arn:x/${aws:username}', ann)).toBe('allow');
    const fallback = home('2012-10-17', "arn:x/${aws:username, 'guest'}");
    expect(evaluatePolicies([fallback], 'ssm:GetParameter', 'arn:x/guest', {})).toBe('allow');
    const escaped = home('2012-10-17', 'arn:x/${*}');
    expect(evaluatePolicies([escaped], 'ssm:GetParameter', 'arn:x/*', {})).toBe('allow');
    expect(evaluatePolicies([escaped], 'ssm:GetParameter', 'arn:x/anything', {})).toBe('implicit-deny');
  });

  it('puts them into condition values too', () => {
    const p: PolicyDocument = {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: '*',
          Resource: '*',
          Condition: { StringLike: { 'aws:userid': ['${aws:username}:*'] } },
        },
      ],
    };
    expect(evaluatePolicies([p], 'x:y', 'arn:z', { ...ann, 'aws:userid': 'ann:session' })).toBe('allow');
    expect(evaluatePolicies([p], 'x:y', 'arn:z', { ...ann, 'aws:userid': 'bob:session' })).toBe(
      'implicit-deny',
    );
    expect(evaluatePolicies([p], 'x:y', 'arn:z', { 'aws:userid': 'ann:session' })).toBe('implicit-deny');
  });
});

describe('conditionsHold', () => {
  const context = {
    'aws:principalarn': 'arn:aws:iam::123456789012:role/lab-reader',
    'aws:securetransport': 'false',
    'aws:currenttime': '2026-12-02T12:00:00Z',
    'aws:epochtime': '1796212800',
  };

  it('passes a negated operator and an IfExists one when the key is absent, and Null tests presence', () => {
    expect(conditionsHold({ StringNotEquals: { 'aws:username': ['root'] } }, context)).toBe(true);
    expect(conditionsHold({ StringEqualsIfExists: { 'aws:username': ['ann'] } }, context)).toBe(true);
    expect(conditionsHold({ StringEquals: { 'aws:username': ['ann'] } }, context)).toBe(false);
    expect(conditionsHold({ Null: { 'aws:username': ['true'] } }, context)).toBe(true);
    expect(conditionsHold({ Null: { 'aws:PrincipalArn': ['true'] } }, context)).toBe(false);
  });

  it('matches keys case-insensitively, values by each operator, and needs every operator and key', () => {
    expect(conditionsHold({ ArnLike: { 'AWS:PrincipalArn': ['arn:aws:iam::*:role/lab-*'] } }, context)).toBe(
      true,
    );
    expect(
      conditionsHold({ ArnNotLike: { 'aws:PrincipalArn': ['arn:aws:iam::*:role/lab-*'] } }, context),
    ).toBe(false);
    expect(conditionsHold({ Bool: { 'aws:SecureTransport': ['true'] } }, context)).toBe(false);
    expect(conditionsHold({ DateLessThan: { 'aws:CurrentTime': ['2027-01-01T00:00:00Z'] } }, context)).toBe(
      true,
    );
    expect(conditionsHold({ DateGreaterThan: { 'aws:CurrentTime': ['1796212801'] } }, context)).toBe(false);
    expect(conditionsHold({ NumericLessThanEquals: { 'aws:EpochTime': ['1796212800'] } }, context)).toBe(
      true,
    );
    expect(conditionsHold({ 'ForAnyValue:StringLike': { 'aws:PrincipalArn': ['*reader'] } }, context)).toBe(
      true,
    );
    expect(
      conditionsHold(
        { Bool: { 'aws:SecureTransport': ['false'] }, StringEquals: { 'aws:PrincipalArn': ['other'] } },
        context,
      ),
    ).toBe(false);
  });

  it('matches addresses against CIDR blocks and single addresses, IPv4 (also IPv4-mapped) and IPv6', () => {
    const from = (ip: string) => ({ ...context, 'aws:sourceip': ip });
    expect(conditionsHold({ IpAddress: { 'aws:SourceIp': ['127.0.0.0/8'] } }, from('127.0.0.1'))).toBe(true);
    expect(conditionsHold({ IpAddress: { 'aws:SourceIp': ['127.0.0.0/8'] } }, from('::ffff:127.0.0.1'))).toBe(
      true,
    );
    expect(conditionsHold({ IpAddress: { 'aws:SourceIp': ['10.0.0.0/8'] } }, from('127.0.0.1'))).toBe(false);
    expect(conditionsHold({ NotIpAddress: { 'aws:SourceIp': ['10.0.0.0/8'] } }, from('127.0.0.1'))).toBe(
      true,
    );
    expect(conditionsHold({ IpAddress: { 'aws:SourceIp': ['::1'] } }, from('::1'))).toBe(true);
    expect(conditionsHold({ IpAddress: { 'aws:SourceIp': ['2001:db8::/32'] } }, from('::1'))).toBe(false);
    expect(conditionsHold({ IpAddress: { 'aws:SourceIp': ['not-an-address'] } }, from('127.0.0.1'))).toBe(
      false,
    );
  });

  it('never holds for an operator it does not know', () => {
    expect(conditionsHold({ BinaryEquals: { 'aws:SourceIp': ['AAAA'] } }, context)).toBe(false);
  });
});
