import type { functionRolePolicies } from '@cloudlab/sam';

type PolicyDocument = ReturnType<typeof functionRolePolicies>[number];

/**
 * What is wrong with a function role's policies for a config API that reads one parameter path, each problem
 * said by its cause — a leading slash and a missing !Sub both make the ARN miss, but are fixed differently.
 */
export interface RoleScopeForCheck {
  /** arn:aws:ssm:REGION:ACCOUNT:parameter */
  parameterArn: string;
  /** /cloudlab/<learner>/05 */
  configPath: string;
}

/** What the function needs: read its parameters (DescribeParameters has no resource-level permissions). */
const READS = new Set(['ssm:getparameter', 'ssm:getparameters', 'ssm:getparametersbypath']);
const DESCRIBE = 'ssm:describeparameters';
/** AWSLambdaBasicExecutionRole, which SAM attaches to every function's role so it can write its logs. */
const LOGS = new Set(['logs:createloggroup', 'logs:createlogstream', 'logs:putlogevents']);

/** An ARN without its partition, region and account, short enough for a one-line report. */
const short = (resource: string) => resource.replace(/^arn:[^:]+:([^:]+):[^:]*:[^:]*:/, '…$1:');

/** Why a parameter ARN does not stay inside the lab's path, or undefined when it does. */
export function resourceProblem(resource: string, scope: RoleScopeForCheck): string | undefined {
  const inside = `${scope.parameterArn}${scope.configPath}`;
  if (resource === inside || resource.startsWith(`${inside}/`)) return undefined;
  const r = short(resource);
  if (resource.includes('${'))
    return `${r} keeps "\${…}" as text because nothing substituted it — write ParameterName: !Sub cloudlab/\${Learner}/05/*`;
  if (resource.startsWith(`${scope.parameterArn}//`))
    return `${r} has "parameter//": the policy template writes "parameter/" itself — drop ParameterName's leading "/"`;
  if (resource === '*' || resource === `${scope.parameterArn}/*`)
    return `${r} is every parameter in the account: the function reads only ${scope.configPath}/*`;
  if (resource.startsWith(inside))
    return `${r} has no "/" after ${scope.configPath}, so IAM's * also matches ${scope.configPath}-admin/… — end it with "/*"`;
  return `${r} is outside ${scope.configPath}/: the role may read only the lab's parameters`;
}

export function roleProblems(policies: PolicyDocument[], scope: RoleScopeForCheck): string[] {
  const problems: string[] = [];
  let reads = false;
  for (const statement of policies.flatMap((p) => p.Statement)) {
    if (statement.Effect !== 'Allow') continue;
    if (statement.NotAction !== undefined || statement.NotResource !== undefined) {
      problems.push('an Allow with NotAction or NotResource grants everything it does not name');
      continue;
    }
    const actions = [statement.Action ?? []].flat();
    const resources = [statement.Resource ?? []].flat();
    const lower = actions.map((a) => a.toLowerCase());
    if (lower.every((a) => LOGS.has(a))) continue;
    for (const action of actions) {
      const a = action.toLowerCase();
      if (action.includes('*'))
        problems.push(
          `${action} is a wildcard action, writes included — grant ssm:GetParameter (SSMParameterReadPolicy does)`,
        );
      else if (/^ssm:(put|delete|label|unlabel|addtags|removetags)/.test(a))
        problems.push(
          `${action} lets the function change the parameters it serves: a config API only reads them`,
        );
      else if (!READS.has(a) && a !== DESCRIBE && !LOGS.has(a))
        problems.push(`${action} is not needed to read a parameter`);
    }
    // AWS's own policy template grants DescribeParameters on "*": it has no resource-level permissions.
    if (lower.every((a) => a === DESCRIBE)) continue;
    for (const resource of resources) {
      const problem = resourceProblem(resource, scope);
      if (problem) problems.push(problem);
      else if (lower.some((a) => READS.has(a))) reads = true;
    }
  }
  if (!reads && !problems.length)
    problems.push(
      `no statement lets the role read ${scope.configPath}/…: add SSMParameterReadPolicy with ParameterName !Sub cloudlab/\${Learner}/05/*`,
    );
  return [...new Set(problems)];
}

/** One sentence on why the role cannot read configPath/name, chosen by the cause, for an AccessDenied seen at run time. */
export function accessDeniedCause(policies: PolicyDocument[], scope: RoleScopeForCheck): string {
  const resources = policies
    .flatMap((p) => p.Statement)
    .filter((s) => s.Effect === 'Allow')
    .flatMap((s) => [s.Resource ?? []].flat());
  for (const resource of resources) {
    const problem = resourceProblem(resource, scope);
    if (problem && (resource.includes('${') || resource.includes('parameter//'))) return problem;
  }
  return `no policy of the role allows ssm:GetParameter on ${scope.configPath}/… — add SSMParameterReadPolicy with ParameterName !Sub cloudlab/\${Learner}/05/*`;
}
