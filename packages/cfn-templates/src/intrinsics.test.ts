/* biome-ignore-all lint/suspicious/noTemplateCurlyInString: CloudFormation Fn::Sub strings are the subject */
import { describe, expect, it } from 'vitest';
import { type ResolveScope, resolve } from './intrinsics.ts';

const scope: ResolveScope = {
  region: 'eu-west-1',
  accountId: '123456789012',
  stackName: 'demo',
  stackId: 'arn:aws:cloudformation:eu-west-1:123456789012:stack/demo/x',
  parameters: { Learner: 'ada', Zones: 'a,b' },
  conditions: { IsProd: false },
  mappings: { Sizes: { small: { Memory: 128 } } },
  refs: { Fn: 'demo-Fn-ABC' },
  attributes: { Fn: { Arn: 'arn:aws:lambda:eu-west-1:123456789012:function:demo-Fn-ABC' } },
};

describe('resolve (CloudFormation intrinsic functions)', () => {
  it('resolves Ref to parameters, resources and pseudo parameters', () => {
    expect(resolve(scope, { Ref: 'Learner' })).toBe('ada');
    expect(resolve(scope, { Ref: 'Fn' })).toBe('demo-Fn-ABC');
    expect(resolve(scope, { Ref: 'AWS::AccountId' })).toBe('123456789012');
  });

  it('substitutes ${Name}, ${Resource.Attr}, explicit variables, and keeps ${!Literal}', () => {
    expect(
      resolve(scope, { 'Fn::Sub': 'arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:x' }),
    ).toBe('arn:aws:ssm:eu-west-1:123456789012:x');
    expect(
      resolve(scope, { 'Fn::Sub': ['/cloudlab/${L}/05 ${Fn.Arn} ${!Keep}', { L: { Ref: 'Learner' } }] }),
    ).toBe('/cloudlab/ada/05 arn:aws:lambda:eu-west-1:123456789012:function:demo-Fn-ABC ${Keep}');
  });

  it('evaluates Join, Select, Split, If, Equals, FindInMap, GetAZs and Base64', () => {
    expect(resolve(scope, { 'Fn::Join': ['-', ['a', { Ref: 'Learner' }]] })).toBe('a-ada');
    expect(resolve(scope, { 'Fn::Select': [1, { 'Fn::Split': [',', { Ref: 'Zones' }] }] })).toBe('b');
    expect(resolve(scope, { 'Fn::If': ['IsProd', 1024, 128] })).toBe(128);
    expect(resolve(scope, { 'Fn::Equals': [{ Ref: 'Learner' }, 'ada'] })).toBe(true);
    expect(resolve(scope, { 'Fn::FindInMap': ['Sizes', 'small', 'Memory'] })).toBe(128);
    expect(resolve(scope, { 'Fn::GetAZs': '' })).toEqual(['eu-west-1a', 'eu-west-1b', 'eu-west-1c']);
    expect(resolve(scope, { 'Fn::Base64': 'hi' })).toBe('aGk=');
  });

  it('drops a key whose value is AWS::NoValue', () => {
    expect(resolve(scope, { A: 1, B: { 'Fn::If': ['IsProd', 2, { Ref: 'AWS::NoValue' }] } })).toEqual({
      A: 1,
    });
  });

  it('names what it cannot resolve', () => {
    expect(() => resolve(scope, { Ref: 'Nope' })).toThrow(/Unresolved resource dependencies \[Nope\]/);
    expect(() => resolve(scope, { 'Fn::GetAtt': ['Fn', 'Nope'] })).toThrow(
      /does not support attribute type Nope/,
    );
  });
});
