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

/** Why a parameter ARN does not stay inside the lab's path, or undefined when it does. */
export function resourceProblem(resource: string, scope: RoleScopeForCheck): string | undefined {
  const inside = `${scope.parameterArn}${scope.configPath}`;
  if (resource === inside || resource.startsWith(`${inside}/`)) return undefined;
  if (resource.includes('${'))
    return `${resource} still holds a \${…} that nothing replaced: a value naming the Learner parameter must be written with !Sub (ParameterName: !Sub cloudlab/\${Learner}/05/*)`;
  if (resource.startsWith(`${scope.parameterArn}//`))
    return `${resource} has "parameter//": SSMParameterReadPolicy writes "parameter/" itself, so ParameterName must not start with "/" (cloudlab/\${Learner}/05/*)`;
  if (resource === '*' || resource === `${scope.parameterArn}/*`)
    return `${resource} is every parameter in the account: the function reads only ${scope.configPath}/*`;
  if (resource.startsWith(inside))
    return `${resource} has no "/" after ${scope.configPath}: IAM's * also matches ${scope.configPath}-admin/… and ${scope.configPath}0/… — end the path with "/*"`;
  return `${resource} is outside ${scope.configPath}: the role may read only the lab's parameters (ParameterName: !Sub cloudlab/\${Learner}/05/*)`;
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
          `${action} is a wildcard action: it grants every matching action, writes included — list ssm:GetParameter (SSMParameterReadPolicy does)`,
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
  return `the role's policies do not allow ssm:GetParameter on ${scope.configPath}/… — Policies needs SSMParameterReadPolicy with ParameterName !Sub cloudlab/\${Learner}/05/*`;
}
