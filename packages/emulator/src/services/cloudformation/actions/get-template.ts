import type { GetTemplateInput, GetTemplateOutput } from '@aws-sdk/client-cloudformation';
import { allow } from '../../../core/operation.ts';
import { findChangeSet } from '../change-sets.ts';
import type { CloudFormationOperation } from '../cloudformation-operation.ts';
import { findStack } from '../query-input.ts';

/** https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_GetTemplate.html */
export const getTemplate: CloudFormationOperation<GetTemplateInput, GetTemplateOutput> = {
  name: 'GetTemplate',
  iamAction: 'cloudformation:GetTemplate',
  async handle(input, ctx) {
    const { stack, body, processed } = input.ChangeSetName
      ? (({ stack, changeSet }) => ({ stack, body: changeSet.body, processed: changeSet.processed }))(
          findChangeSet(ctx, input),
        )
      : (() => {
          const stack = findStack(ctx, input.StackName);
          return { stack, body: stack.originalBody, processed: stack.processed };
        })();
    allow(ctx, getTemplate, stack.stackId);
    return {
      TemplateBody: input.TemplateStage === 'Processed' ? JSON.stringify(processed) : body,
      StagesAvailable: ['Original', 'Processed'],
    };
  },
};
