import type { GetTemplateOutput } from '@aws-sdk/client-cloudformation';
import type { RequestContext } from '../../../core/types.ts';
import type { QueryParams } from '../../../protocols/query.ts';
import { findChangeSet } from '../change-sets.ts';
import { findStack } from '../query-input.ts';
import { stacksOf } from '../stack-state.ts';

/** https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_GetTemplate.html */
export async function getTemplate(params: QueryParams, ctx: RequestContext): Promise<GetTemplateOutput> {
  const { stack, body, processed } = params.ChangeSetName
    ? (({ stack, changeSet }) => ({ stack, body: changeSet.body, processed: changeSet.processed }))(
        findChangeSet(ctx, stacksOf(ctx.runtime).values(), params.ChangeSetName, params.StackName),
      )
    : (() => {
        const stack = findStack(ctx, params.StackName);
        return { stack, body: stack.originalBody, processed: stack.processed };
      })();
  ctx.runtime.authorize(ctx, 'cloudformation:GetTemplate', stack.stackId);
  return {
    TemplateBody: params.TemplateStage === 'Processed' ? JSON.stringify(processed) : body,
    StagesAvailable: ['Original', 'Processed'],
  };
}
