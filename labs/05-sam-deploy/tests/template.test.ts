import { check } from '@cloudlab/grader';
import { loadTemplate, serverlessFunctions, validateTemplate } from '@cloudlab/sam';
import { expect } from 'vitest';
import { templatePath } from './support/lab.ts';

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
      .map((f) => `line ${f.line}: ${f.message}`);
    expect(errors).toEqual([]);
  },
);

check(
  'the function is a current Node.js runtime built from src/app.ts with esbuild',
  {
    points: 5,
    exercise,
    concept: 'sam-build',
    hint: [
      'Runtime: nodejs22.x (or nodejs20.x), CodeUri: src/, Handler: app.handler.',
      'Under the function (beside Properties): Metadata: { BuildMethod: esbuild, BuildProperties: { EntryPoints: [app.ts] } }.',
    ],
  },
  () => {
    const fn = theFunction();
    expect(['nodejs20.x', 'nodejs22.x']).toContain(fn.props.Runtime);
    expect(fn.props.Handler).toBe('app.handler');
    expect(fn.metadata.BuildMethod).toBe('esbuild');
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
    expect(route?.Properties?.Path).toBe('/config/{name}');
    expect(String(route?.Properties?.Method).toUpperCase()).toBe('GET');
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
    const variables =
      (theFunction().props.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ??
      {};
    // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation's ${} syntax in a hint
    expect(JSON.stringify(variables.CONFIG_PATH ?? null)).toContain('/cloudlab/${Learner}/05');
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
