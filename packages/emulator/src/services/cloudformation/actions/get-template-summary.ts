import type { GetTemplateSummaryInput, GetTemplateSummaryOutput } from '@aws-sdk/client-cloudformation';
import type { RequestContext } from '../../../core/types.ts';
import { findStack } from '../query-input.ts';
import { templateSummary } from '../template-summary.ts';
import { templateBody } from '../template-url.ts';

/** https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_GetTemplateSummary.html */
export async function getTemplateSummary(
  input: GetTemplateSummaryInput,
  ctx: RequestContext,
): Promise<GetTemplateSummaryOutput> {
  if (input.StackName) {
    const stack = findStack(ctx, input.StackName);
    ctx.runtime.authorize(ctx, 'cloudformation:GetTemplateSummary', stack.stackId);
    return templateSummary(stack.originalBody);
  }
  ctx.runtime.authorize(ctx, 'cloudformation:GetTemplateSummary', '*');
  return templateSummary(await templateBody(input, ctx));
}
