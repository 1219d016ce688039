import type { CreateStackInput } from '@aws-sdk/client-cloudformation';
import { describe, expect, it } from 'vitest';
import { queryInput } from './query-input.ts';

describe('queryInput', () => {
  it('shapes the query protocol’s flattened members as the SDK’s input: lists in index order, booleans and numbers typed', () => {
    const input = queryInput<CreateStackInput>({
      Action: 'CreateStack',
      Version: '2010-05-15',
      StackName: 'app',
      'Capabilities.member.2': 'CAPABILITY_AUTO_EXPAND',
      'Capabilities.member.1': 'CAPABILITY_IAM',
      'Parameters.member.1.ParameterKey': 'Stage',
      'Parameters.member.1.ParameterValue': 'true',
      'Parameters.member.2.ParameterKey': 'Name',
      'Parameters.member.2.UsePreviousValue': 'true',
      TimeoutInMinutes: '5',
      DisableRollback: 'false',
    });
    expect(input).toEqual({
      StackName: 'app',
      Capabilities: ['CAPABILITY_IAM', 'CAPABILITY_AUTO_EXPAND'],
      Parameters: [
        { ParameterKey: 'Stage', ParameterValue: 'true' },
        { ParameterKey: 'Name', UsePreviousValue: true },
      ],
      TimeoutInMinutes: 5,
      DisableRollback: false,
    });
  });

  it('keeps a hostile key from reaching Object.prototype, and a sparse huge index from growing an array', () => {
    const input = queryInput<Record<string, unknown>>({
      '__proto__.polluted': 'yes',
      'Tags.member.999999999.Key': 'k',
    });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(input).toEqual({ Tags: [{ Key: 'k' }] });
  });
});
