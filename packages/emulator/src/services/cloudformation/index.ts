export { createCloudFormationService } from './cloudformation-service.ts';
export { type ResolveScope, resolve } from './intrinsics.ts';
export { POLICY_TEMPLATES } from './sam-policy-templates.ts';
export { hasSamTransform, SAM_TRANSFORM, samTransform, TransformError } from './sam-transform.ts';
export {
  type ParsedTemplate,
  parseTemplate,
  type SourcePosition,
  TemplateSyntaxError,
} from './template-yaml.ts';
