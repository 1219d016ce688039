import type { ValidateTemplateInput, ValidateTemplateOutput } from '@aws-sdk/client-cloudformation';
import { allow } from '../../../core/operation.ts';
import type { CloudFormationOperation } from '../cloudformation-operation.ts';
import { templateSummary } from '../template-summary.ts';
import { templateBody } from '../template-url.ts';

/** https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_ValidateTemplate.html */
export const validateTemplate: CloudFormationOperation<ValidateTemplateInput, ValidateTemplateOutput> = {
  name: 'ValidateTemplate',
  iamAction: 'cloudformation:ValidateTemplate',
  async handle(input, ctx) {
    allow(ctx, validateTemplate, '*');
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
  },
};
