/**
 * `@cloudlab/emulator/templates`: CloudFormation and SAM template tools (YAML parsing with positions, intrinsic
 * functions, the SAM transform and its policy templates) without the server. `@cloudlab/sam` runs in a lab's
 * test worker, which would otherwise evaluate the whole emulator on every graded run (lab 05 warm: 1.69 s →
 * 1.47 s, bench/labs.ts --labs 05, load 4).
 */
export { type ResolveScope, resolve } from './services/cloudformation/intrinsics.ts';
export { MANAGED_POLICIES, POLICY_TEMPLATES } from './services/cloudformation/sam-policy-templates.ts';
export {
  hasSamTransform,
  SAM_TRANSFORM,
  samTransform,
  TransformError,
} from './services/cloudformation/sam-transform.ts';
export {
  type ParsedTemplate,
  parseTemplate,
  type SourcePosition,
  TemplateSyntaxError,
} from './services/cloudformation/template-yaml.ts';
