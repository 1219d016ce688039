import type { GetTemplateSummaryInput, GetTemplateSummaryOutput } from '@aws-sdk/client-cloudformation';
import { allow } from '../../../core/operation.ts';
import type { CloudFormationOperation } from '../cloudformation-operation.ts';
import { findStack } from '../query-input.ts';
import { templateSummary } from '../template-summary.ts';
import { templateBody } from '../template-url.ts';

/** https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_GetTemplateSummary.html */
export const getTemplateSummary: CloudFormationOperation<GetTemplateSummaryInput, GetTemplateSummaryOutput> =
  {
    name: 'GetTemplateSummary',
    iamAction: 'cloudformation:GetTemplateSummary',
    async handle(input, ctx) {
      if (input.StackName) {
        const stack = findStack(ctx, input.StackName);
        allow(ctx, getTemplateSummary, stack.stackId);
        return templateSummary(stack.originalBody);
      }
      allow(ctx, getTemplateSummary, '*');
      return templateSummary(await templateBody(input, ctx));
    },
  };
