import type { GetTemplateInput, GetTemplateOutput } from '@aws-sdk/client-cloudformation';
import type { RequestContext } from '../../../core/types.ts';
import { findChangeSet } from '../change-sets.ts';
import { findStack } from '../query-input.ts';
import { stacksOf } from '../stack-state.ts';

/** https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_GetTemplate.html */
export async function getTemplate(input: GetTemplateInput, ctx: RequestContext): Promise<GetTemplateOutput> {
  const { stack, body, processed } = input.ChangeSetName
    ? (({ stack, changeSet }) => ({ stack, body: changeSet.body, processed: changeSet.processed }))(
        findChangeSet(ctx, stacksOf(ctx.runtime).values(), input.ChangeSetName, input.StackName),
      )
    : (() => {
        const stack = findStack(ctx, input.StackName);
        return { stack, body: stack.originalBody, processed: stack.processed };
      })();
  ctx.runtime.authorize(ctx, 'cloudformation:GetTemplate', stack.stackId);
  return {
    TemplateBody: input.TemplateStage === 'Processed' ? JSON.stringify(processed) : body,
    StagesAvailable: ['Original', 'Processed'],
  };
}
