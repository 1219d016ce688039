import { AwsError } from '../../core/aws-error.ts';
import { providerFor } from './resource-providers.ts';

type Json = Record<string, unknown>;

const PSEUDO_PARAMETERS = new Set([
  'AWS::AccountId',
  'AWS::NotificationARNs',
  'AWS::NoValue',
  'AWS::Partition',
  'AWS::Region',
  'AWS::StackId',
  'AWS::StackName',
  'AWS::URLSuffix',
]);

/**
 * What CloudFormation refuses before it creates a change set or a stack: a Ref or Fn::GetAtt to a name the
 * template does not declare, and a resource type it does not know (here: one the emulator cannot create).
 */
export function checkTemplate(processed: Json): void {
  const resources = (processed.Resources ?? {}) as Record<string, Json>;
  const names = new Set([...Object.keys(resources), ...Object.keys((processed.Parameters ?? {}) as Json)]);
  const unresolved = new Set<string>();
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) walk(item);
      return;
    }
    if (!value || typeof value !== 'object') return;
    for (const [key, arg] of Object.entries(value as Json)) {
      if (key === 'Ref' && typeof arg === 'string') {
        if (!names.has(arg) && !PSEUDO_PARAMETERS.has(arg)) unresolved.add(arg);
      } else if (key === 'Fn::GetAtt') {
        const target = Array.isArray(arg) ? String(arg[0]) : String(arg).split('.')[0]!;
        if (!(target in resources)) {
          throw new AwsError(
            'ValidationError',
            `Template error: instance of Fn::GetAtt references undefined resource ${target}`,
          );
        }
      } else walk(arg);
    }
  };
  walk(resources);
  walk(processed.Outputs);
  if (unresolved.size > 0) {
    throw new AwsError(
      'ValidationError',
      `Template format error: Unresolved resource dependencies [${[...unresolved].join(', ')}] in the Resources block of the template`,
    );
  }
  const unknown = Object.values(resources)
    .map((r) => String(r.Type))
    .filter(
      (type) =>
        !/^(AWS|Custom|Alexa)::[A-Za-z0-9]+(::[A-Za-z0-9]+)?$/.test(type) && !type.startsWith('Custom::'),
    );
  if (unknown.length > 0) {
    throw new AwsError(
      'ValidationError',
      `Template format error: Unrecognized resource types: [${unknown.join(',')}]`,
    );
  }
  for (const resource of Object.values(resources)) providerFor(String(resource.Type));
}
