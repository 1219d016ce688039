/* biome-ignore-all lint/suspicious/noTemplateCurlyInString: CloudFormation Fn::Sub strings are the subject */
import { describe, expect, it } from 'vitest';
import { parseTemplate, TemplateSyntaxError } from './template-yaml.ts';

describe('parseTemplate', () => {
  it('turns every short-form intrinsic tag into its JSON form', () => {
    const { template } = parseTemplate(
      [
        'A: !Ref X',
        'B: !GetAtt Fn.Arn',
        'C: !Sub "x-${Y}"',
        'D: !Join [",", [a, !Ref Z]]',
        'E: !If [Cond, !Base64 hi, !Select [0, !GetAZs ""]]',
        'F: !Equals [!Condition C1, !Not [!And [!Or [a, b], c]]]',
        'G: !FindInMap [M, k, v]',
        'H: !Split [",", !ImportValue Exported]',
        'I: !Cidr [10.0.0.0/16, 2, 8]',
      ].join('\n'),
    );
    expect(template).toEqual({
      A: { Ref: 'X' },
      B: { 'Fn::GetAtt': ['Fn', 'Arn'] },
      C: { 'Fn::Sub': 'x-${Y}' },
      D: { 'Fn::Join': [',', ['a', { Ref: 'Z' }]] },
      E: { 'Fn::If': ['Cond', { 'Fn::Base64': 'hi' }, { 'Fn::Select': [0, { 'Fn::GetAZs': '' }] }] },
      F: {
        'Fn::Equals': [{ Condition: 'C1' }, { 'Fn::Not': [{ 'Fn::And': [{ 'Fn::Or': ['a', 'b'] }, 'c'] }] }],
      },
      G: { 'Fn::FindInMap': ['M', 'k', 'v'] },
      H: { 'Fn::Split': [',', { 'Fn::ImportValue': 'Exported' }] },
      I: { 'Fn::Cidr': ['10.0.0.0/16', 2, 8] },
    });
  });

  it('records where each value starts', () => {
    const { positions } = parseTemplate('Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n');
    expect(positions.get('Resources.Fn.Type')).toEqual({ line: 3, col: 11 });
  });

  it('reports the line and column of a syntax error', () => {
    const error = (() => {
      try {
        parseTemplate('Resources:\n  Fn:\n    Type: [oops\n');
      } catch (e) {
        return e;
      }
    })() as TemplateSyntaxError;
    expect(error).toBeInstanceOf(TemplateSyntaxError);
    expect(error.position?.line).toBeGreaterThanOrEqual(3);
    expect(error.message).toMatch(/^line \d+, column \d+: /);
  });

  it('refuses duplicate keys and tags that are not intrinsic functions', () => {
    expect(() => parseTemplate('A: 1\nA: 2\n')).toThrow(TemplateSyntaxError);
    expect(() => parseTemplate('A: !Reff X\n')).toThrow(/!Reff.*not a CloudFormation intrinsic function/);
  });

  it('reads JSON templates too', () => {
    expect(parseTemplate('{"Resources": {"A": {"Type": "AWS::IAM::Role"}}}').template).toEqual({
      Resources: { A: { Type: 'AWS::IAM::Role' } },
    });
  });
});
