export { type ResolveScope, resolve } from './intrinsics.ts';
export type { PolicyDocument, PolicyStatement } from './policy-document.ts';
export {
  CURRENT_NODE_RUNTIMES,
  type Kind,
  KNOWN_TYPES,
  RESOURCE_ATTRIBUTES,
  RESOURCE_SPECS,
  type ResourceSpec,
  TOP_LEVEL_KEYS,
} from './resource-specs.ts';
export { MANAGED_POLICIES, POLICY_TEMPLATES } from './sam-policy-templates.ts';
export { hasSamTransform, SAM_TRANSFORM, samTransform, TransformError } from './sam-transform.ts';
export { TemplateError } from './template-error.ts';
export {
  type ParsedTemplate,
  parseTemplate,
  type SourcePosition,
  TemplateSyntaxError,
} from './template-yaml.ts';
