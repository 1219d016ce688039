/* biome-ignore-all lint/suspicious/noExplicitAny: the tests read deep into the expanded template JSON */
import { describe, expect, it } from 'vitest';
import { samTransform, TransformError } from './sam-transform.ts';

const template = (props: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  Transform: 'AWS::Serverless-2016-10-31',
  Globals: { Function: { Timeout: 7, Environment: { Variables: { A: 'global', B: 'global' } } } },
  Resources: {
    Fn: {
      Type: 'AWS::Serverless::Function',
      Properties: { CodeUri: 's3://bucket/key.zip', Handler: 'app.handler', Runtime: 'nodejs22.x', ...props },
    },
    ...extra,
  },
});

describe('samTransform', () => {
  it('expands a function into a Lambda function and its role, merging Globals', () => {
    const out = samTransform(template({ Environment: { Variables: { B: 'own' } } })) as {
      Resources: Record<string, any>;
    };
    expect(out.Resources.Fn.Type).toBe('AWS::Lambda::Function');
    expect(out.Resources.Fn.Properties).toMatchObject({
      Code: { S3Bucket: 'bucket', S3Key: 'key.zip' },
      Timeout: 7,
      Environment: { Variables: { A: 'global', B: 'own' } },
      Role: { 'Fn::GetAtt': ['FnRole', 'Arn'] },
    });
    expect(out.Resources.FnRole.Type).toBe('AWS::IAM::Role');
    expect(out).not.toHaveProperty('Transform');
    expect(out).not.toHaveProperty('Globals');
  });

  it('creates the implicit ServerlessHttpApi with a route per HttpApi event', () => {
    const events = { Get: { Type: 'HttpApi', Properties: { Path: '/config/{name}', Method: 'GET' } } };
    const out = samTransform(template({ Events: events })) as { Resources: Record<string, any> };
    const paths = out.Resources.ServerlessHttpApi.Properties.Body.paths;
    expect(Object.keys(paths)).toEqual(['/config/{name}']);
    expect(paths['/config/{name}'].get['x-amazon-apigateway-integration'].payloadFormatVersion).toBe('2.0');
    expect(out.Resources.ServerlessHttpApiApiGatewayDefaultStage.Properties.StageName).toBe('$default');
    expect(out.Resources.FnGetPermission.Type).toBe('AWS::Lambda::Permission');
  });

  it('expands SSMParameterReadPolicy into the documented statements', () => {
    const out = samTransform(
      template({ Policies: [{ SSMParameterReadPolicy: { ParameterName: 'app/*' } }] }),
    ) as {
      Resources: Record<string, any>;
    };
    const statements = out.Resources.FnRole.Properties.Policies[0].PolicyDocument.Statement;
    expect(statements[0]).toEqual({ Effect: 'Allow', Action: ['ssm:DescribeParameters'], Resource: '*' });
    expect(statements[1].Action).toEqual([
      'ssm:GetParameters',
      'ssm:GetParameter',
      'ssm:GetParametersByPath',
    ]);
  });

  it('collects every problem into one transform error', () => {
    const bad = template({
      CodeUri: 'src/',
      Events: { Q: { Type: 'SQS' } },
      Policies: [{ NoSuchPolicy: {} }],
    });
    const error = (() => {
      try {
        samTransform(bad);
      } catch (e) {
        return e as TransformError;
      }
    })();
    expect(error).toBeInstanceOf(TransformError);
    expect(error?.problems).toHaveLength(3);
    expect(error?.message).toMatch(/Number of errors found: 3/);
  });
});
