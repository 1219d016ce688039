import type { ValidateTemplateInput, ValidateTemplateOutput } from '@aws-sdk/client-cloudformation';
import type { RequestContext } from '../../../core/types.ts';
import { templateSummary } from '../template-summary.ts';
import { templateBody } from '../template-url.ts';

/** https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_ValidateTemplate.html */
export async function validateTemplate(
  input: ValidateTemplateInput,
  ctx: RequestContext,
): Promise<ValidateTemplateOutput> {
  ctx.runtime.authorize(ctx, 'cloudformation:ValidateTemplate', '*');
  const summary = templateSummary(await templateBody(input, ctx));
  return {
    Parameters: summary.Parameters?.map(({ ParameterKey, DefaultValue, NoEcho, Description }) => ({
      ParameterKey,
      ...(DefaultValue === undefined ? {} : { DefaultValue }),
      NoEcho,
      ...(Description ? { Description } : {}),
    })),
    ...(summary.Description ? { Description: summary.Description } : {}),
    ...(summary.Capabilities?.length
      ? { Capabilities: summary.Capabilities, CapabilitiesReason: summary.CapabilitiesReason }
      : {}),
    ...(summary.DeclaredTransforms?.length ? { DeclaredTransforms: summary.DeclaredTransforms } : {}),
  };
}
