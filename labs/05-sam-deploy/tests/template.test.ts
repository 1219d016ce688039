import { check } from '@cloudlab/grader';
import { functionEnvironment, loadTemplate, serverlessFunctions, validateTemplate } from '@cloudlab/sam';
import { expect } from 'vitest';
import { configPath, lab, templatePath } from './support/lab.ts';

const exercise = 1;

function theFunction() {
  const functions = serverlessFunctions(loadTemplate(templatePath).template);
  expect(functions, 'the template should have exactly one AWS::Serverless::Function').toHaveLength(1);
  return functions[0]!;
}

check(
  'the template validates with no errors (cloudlab sam validate)',
  {
    points: 10,
    exercise,
    concept: 'sam-template',
    hint: [
      'Run `pnpm cloudlab sam validate` — each finding names the line and what to change.',
      'Start from "Transform: AWS::Serverless-2016-10-31" and one AWS::Serverless::Function under Resources.',
    ],
  },
  () => {
    const report = validateTemplate(templatePath);
    const errors = report.findings
      .filter((f) => f.level === 'error')
      .map((f) => `line ${f.line}: ${f.rule} ${f.message}`);
    // One line, the first error first: a report shows a failure's first line.
    if (errors.length) throw new Error(`${errors.length} validation error(s): ${errors.join(' · ')}`);
  },
);

check(
  'the function is a current Node.js runtime built from src/app.ts with esbuild, with a Timeout under 30 s',
  {
    points: 5,
    exercise,
    concept: 'sam-build',
    hint: [
      'Runtime: nodejs24.x (or nodejs22.x), CodeUri: src/, Handler: app.handler.',
      'Under the function (beside Properties): Metadata: { BuildMethod: esbuild, BuildProperties: { EntryPoints: [app.ts] } }.',
    ],
  },
  () => {
    const fn = theFunction();
    expect(
      ['nodejs22.x', 'nodejs24.x'],
      `Runtime ${fn.props.Runtime}: Lambda's current Node.js runtimes are nodejs22.x and nodejs24.x (nodejs20.x was deprecated with Node 20 on 2026-04-30; Lambda creates no new functions with it)`,
    ).toContain(fn.props.Runtime);
    expect(
      fn.props.Handler,
      'Handler is "file.export": app.handler for the handler exported from src/app.ts',
    ).toBe('app.handler');
    expect(
      fn.metadata.BuildMethod,
      'Metadata.BuildMethod (beside Properties) tells sam build to compile TypeScript with esbuild',
    ).toBe('esbuild');
    const timeout = Number(fn.props.Timeout ?? 3);
    expect(
      timeout,
      `Timeout ${timeout}: an HTTP API waits 30 seconds at most, so the function must give up well before`,
    ).toBeLessThan(30);
  },
);

check(
  'an HTTP API event routes GET /config/{name} to the function',
  {
    points: 5,
    exercise,
    concept: 'http-api',
    hint: 'Events: { GetConfig: { Type: HttpApi, Properties: { Path: /config/{name}, Method: GET } } }.',
  },
  () => {
    const events = Object.values(
      (theFunction().props.Events ?? {}) as Record<
        string,
        { Type?: string; Properties?: Record<string, unknown> }
      >,
    );
    const route = events.find((e) => e.Type === 'HttpApi');
    expect(
      route,
      `an event of Type HttpApi (found: ${events.map((e) => e.Type).join(', ') || 'none'})`,
    ).toBeDefined();
    expect(
      route?.Properties?.Path,
      'Path /config/{name}: {name} becomes event.pathParameters.name, which the handler reads',
    ).toBe('/config/{name}');
    expect(
      String(route?.Properties?.Method).toUpperCase(),
      'Method GET: without it (or with ANY) the route answers every method',
    ).toBe('GET');
  },
);

check(
  'CONFIG_PATH tells the handler where the lab parameters live',
  {
    points: 5,
    exercise,
    concept: 'environment',
    hint: [
      'Environment: { Variables: { CONFIG_PATH: … } } on the function.',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation's ${} syntax in a hint
      'Build it from the Learner parameter: !Sub /cloudlab/${Learner}/05',
    ],
  },
  () => {
    const fn = theFunction();
    const template = loadTemplate(templatePath).template;
    const scope = (learner: string) => ({
      accountId: '123456789012',
      region: 'us-east-1',
      parameters: { Learner: learner },
    });
    const value = functionEnvironment(template, fn.props, scope(lab.learner)).values.CONFIG_PATH;
    expect(value, 'Environment.Variables.CONFIG_PATH on the function').toBeDefined();
    expect(
      value,
      value?.includes('${')
        ? `CONFIG_PATH is "${value}": only !Sub replaces \${Learner} — write CONFIG_PATH: !Sub /cloudlab/\${Learner}/05`
        : `CONFIG_PATH is where the handler reads: ${configPath}, with no "/" at the end (the handler adds "/name")`,
    ).toBe(configPath);
    const other = 'another-learner';
    expect(
      functionEnvironment(template, fn.props, scope(other)).values.CONFIG_PATH,
      `deployed with Learner=${other}, CONFIG_PATH should follow it — build it from the Learner parameter, not a fixed name`,
    ).toBe(configPath.replace(`/${lab.learner}/`, `/${other}/`));
  },
);

check(
  'Outputs give the API URL',
  {
    points: 5,
    exercise,
    concept: 'outputs',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation's ${} syntax in a hint
    hint: 'An output with Value: !Sub https://${ServerlessHttpApi}.execute-api.${AWS::Region}.${AWS::URLSuffix}',
  },
  () => {
    const outputs = (loadTemplate(templatePath).template.Outputs ?? {}) as Record<
      string,
      { Value?: unknown }
    >;
    const values = Object.values(outputs).map((o) => JSON.stringify(o.Value));
    expect(values.some((v) => v.includes('ServerlessHttpApi') && v.includes('execute-api'))).toBe(true);
  },
);
