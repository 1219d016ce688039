import type { Capability, GetTemplateSummaryOutput } from '@aws-sdk/client-cloudformation';
import { hasSamTransform, parseTemplate, TemplateSyntaxError } from '@cloudlab/cfn-templates';
import { AwsError } from '../../core/aws-error.ts';
import { prepareTemplate } from './stack-engine.ts';

type Json = Record<string, unknown>;

/**
 * What a template declares, for GetTemplateSummary and ValidateTemplate: its parameters, description, the
 * capabilities a deploy must acknowledge and why, its resource types (after the SAM transform) and transforms.
 */
export function templateSummary(body: string): GetTemplateSummaryOutput {
  let template: Json;
  try {
    template = parseTemplate(body).template;
  } catch (error) {
    if (error instanceof TemplateSyntaxError)
      throw new AwsError('ValidationError', `Template format error: ${error.message}`);
    throw error;
  }
  const processed = prepareTemplate(body, ['CAPABILITY_AUTO_EXPAND', 'CAPABILITY_IAM']);
  const types = Object.values((processed.Resources ?? {}) as Record<string, Json>).map((r) => String(r.Type));
  const iamTypes = [...new Set(types.filter((t) => t.startsWith('AWS::IAM::')))];
  const capabilities: Capability[] = [];
  if (iamTypes.length) capabilities.push('CAPABILITY_IAM');
  if (hasSamTransform(template)) capabilities.push('CAPABILITY_AUTO_EXPAND');
  const transform = template.Transform;
  return {
    Parameters: Object.entries((template.Parameters ?? {}) as Record<string, Json>).map(([key, spec]) => ({
      ParameterKey: key,
      ...(spec.Default === undefined ? {} : { DefaultValue: String(spec.Default) }),
      ParameterType: String(spec.Type ?? 'String'),
      NoEcho: Boolean(spec.NoEcho),
      ...(spec.Description ? { Description: String(spec.Description) } : {}),
      ...(Array.isArray(spec.AllowedValues)
        ? { ParameterConstraints: { AllowedValues: spec.AllowedValues.map(String) } }
        : {}),
    })),
    ...(template.Description ? { Description: String(template.Description) } : {}),
    ...(capabilities.length
      ? {
          Capabilities: capabilities,
          CapabilitiesReason: iamTypes.length
            ? `The following resource(s) require capabilities: [${iamTypes.join(', ')}]`
            : 'The template contains a transform, which requires CAPABILITY_AUTO_EXPAND',
        }
      : {}),
    ResourceTypes: [...new Set(types)],
    Version: String(template.AWSTemplateFormatVersion ?? '2010-09-09'),
    ...(transform
      ? { DeclaredTransforms: Array.isArray(transform) ? transform.map(String) : [String(transform)] }
      : {}),
  };
}
