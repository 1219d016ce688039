import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { SamError } from './sam-error.ts';
import { validateTemplate } from './validate-template.ts';

const FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'config-api', 'template.yaml');

/** A copy of the fixture template with `edit` applied, next to the fixture's src/ so handler paths resolve. */
function variant(edit: (text: string) => string): string {
  const dir = mkdtempSync(join(tmpdir(), 'cloudlab-validate-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  const text = edit(
    readFileSync(FIXTURE, 'utf8').replace(
      'CodeUri: src/',
      `CodeUri: ${join(import.meta.dirname, '..', 'fixtures', 'config-api', 'src')}/`,
    ),
  );
  const path = join(dir, 'template.yaml');
  writeFileSync(path, text);
  return path;
}

const rules = (path: string) => validateTemplate(path).findings.map((f) => f.rule);

describe('validateTemplate', () => {
  it('passes the reference template with no findings', () => {
    const report = validateTemplate(FIXTURE);
    expect(report.findings).toEqual([]);
    expect(report.valid).toBe(true);
  });

  it('reports a YAML error with the file, line and column', () => {
    const path = variant((t) => t.replace('Handler: app.handler', 'Handler: [app.handler'));
    expect(() => validateTemplate(path)).toThrow(SamError);
    expect(() => validateTemplate(path)).toThrow(/template\.yaml:\d+:\d+: /);
  });

  it('names an unknown intrinsic tag as not a CloudFormation function', () => {
    const path = variant((t) => t.replace('!Ref ConfigFunction', '!Reff ConfigFunction'));
    expect(() => validateTemplate(path)).toThrow(/!Reff.*not a CloudFormation intrinsic function/);
  });

  it('flags a misspelt resource type with the known types (E3006) and its line', () => {
    const path = variant((t) => t.replace('AWS::Serverless::Function', 'AWS::Serverless::Functon'));
    const finding = validateTemplate(path).findings.find((f) => f.rule === 'E3006');
    expect(finding?.message).toContain('AWS::Serverless::Functon does not exist');
    expect(finding?.line).toBeGreaterThan(1);
  });

  it('flags an unknown property (E3002) and a property of the wrong kind (E3012)', () => {
    expect(rules(variant((t) => t.replace('MemorySize: 256', 'MemorySise: 256')))).toContain('E3002');
    expect(rules(variant((t) => t.replace('MemorySize: 256', 'MemorySize: [256]')))).toContain('E3012');
  });

  it('flags a handler file that does not exist', () => {
    const finding = validateTemplate(variant((t) => t.replace('- app.ts', '- missing.ts'))).findings[0];
    expect(finding).toMatchObject({ rule: 'CL1001', level: 'error' });
    expect(finding?.message).toContain('missing.ts does not exist');
  });

  it('accepts only current Node runtimes (E2533 for deprecated ones, as cfn-lint)', () => {
    expect(rules(variant((t) => t.replace('nodejs22.x', 'nodejs16.x')))).toEqual(['E2533']);
    // Deprecated on 2026-04-30 with Node 20; Lambda creates no new functions with it since 2026-06-01.
    const [node20] = validateTemplate(variant((t) => t.replace('nodejs22.x', 'nodejs20.x'))).findings;
    expect(node20).toMatchObject({ rule: 'E2533', level: 'error' });
    expect(node20?.message).toContain('use nodejs24.x or nodejs22.x');
    expect(rules(variant((t) => t.replace('nodejs22.x', 'python3.12')))).toEqual(['CL1002']);
    expect(rules(variant((t) => t.replace('nodejs22.x', 'nodejs24.x')))).toEqual([]);
  });

  it('keeps Timeout and MemorySize in Lambda range (E3034)', () => {
    expect(rules(variant((t) => t.replace('Timeout: 10', 'Timeout: 901')))).toContain('E3034');
    expect(rules(variant((t) => t.replace('MemorySize: 256', 'MemorySize: 64')))).toContain('E3034');
    expect(rules(variant((t) => t.replace('Timeout: 10', 'Timeout: 60')))).toEqual(['CL1003']);
  });

  it('warns about wildcard actions and resources in inline policies, which still deploy', () => {
    const wide = variant((t) =>
      t.replace(
        /- SSMParameterReadPolicy:\n\s+ParameterName: .*\n/,
        "- Statement:\n            - Effect: Allow\n              Action: 'ssm:*'\n              Resource: '*'\n",
      ),
    );
    const report = validateTemplate(wide);
    expect(report.findings.map((f) => `${f.rule}:${f.level}`).sort()).toEqual([
      'CL2001:warning',
      'CL2002:warning',
    ]);
    expect(report.valid).toBe(true);
  });

  it('explains the leading-slash pitfall of SSMParameterReadPolicy', () => {
    const path = variant((t) =>
      t.replace('ParameterName: !Sub cloudlab/', "ParameterName: '/cloudlab/student/x'\n#"),
    );
    const finding = validateTemplate(path).findings.find((f) => f.rule === 'CL2003');
    expect(finding?.message).toContain('parameter//');
  });

  it('flags a parameter or resource named in a plain string, outside Fn::Sub (E1029), as cfn-lint does', () => {
    const sub = (name: string) => `\${${name}}`;
    const plain = variant((t) =>
      t.replace(
        `CONFIG_PATH: !Sub /cloudlab/${sub('Learner')}/05`,
        `CONFIG_PATH: /cloudlab/${sub('Learner')}/05`,
      ),
    );
    const [finding] = validateTemplate(plain).findings;
    expect(finding).toMatchObject({
      rule: 'E1029',
      level: 'error',
      path: expect.stringContaining('CONFIG_PATH'),
    });
    expect(finding?.message).toContain('!Sub /cloudlab/');
    expect(finding?.line).toBeGreaterThan(1);
    // A literal, an IAM policy variable and a name the template does not define are left alone.
    const others = variant((t) =>
      t.replace(
        `CONFIG_PATH: !Sub /cloudlab/${sub('Learner')}/05`,
        `CONFIG_PATH: !Sub /cloudlab/${sub('Learner')}/05\n          A: x${sub('!Literal')}\n          B: arn:${sub('aws:username')}\n          C: ${sub('Nothing')}`,
      ),
    );
    expect(rules(others)).toEqual([]);
    // Pseudo parameters and GetAtt forms count, in Outputs too.
    const output = variant((t) =>
      t.replace('Value: !Ref ConfigFunction', `Value: ${sub('ConfigFunction.Arn')}`),
    );
    expect(rules(output)).toEqual(['E1029']);
  });

  it('flags the Learner parameter in a policy template argument without !Sub, which cfn-lint cannot see (E1029)', () => {
    const path = variant((t) => t.replace('ParameterName: !Sub cloudlab/', 'ParameterName: cloudlab/'));
    const findings = validateTemplate(path).findings;
    expect(findings.map((f) => f.rule)).toEqual(['E1029']);
    expect(findings[0]?.message).toContain('policy template');
  });

  it('flags a leading slash written inside !Sub too (CL2003)', () => {
    const path = variant((t) => t.replace('ParameterName: !Sub cloudlab/', 'ParameterName: !Sub /cloudlab/'));
    expect(rules(path)).toEqual(['CL2003']);
  });

  it('warns about a ParameterName wildcard that is every parameter, or that crosses the path boundary (CL2002)', () => {
    const star = variant((t) => t.replace(/ParameterName: .*\n/, "ParameterName: '*'\n"));
    expect(validateTemplate(star).findings).toMatchObject([
      {
        rule: 'CL2002',
        level: 'warning',
        message: expect.stringContaining('every parameter in the account'),
      },
    ]);
    const noBoundary = variant((t) => t.replace('/05/*', '/05*'));
    const [finding] = validateTemplate(noBoundary).findings;
    expect(finding).toMatchObject({ rule: 'CL2002', level: 'warning' });
    expect(finding?.message).toContain('-admin');
    expect(rules(variant((t) => t.replace('/05/*', '/05/greeting')))).toEqual([]);
  });

  it('warns about a statement that lets the function write parameters, or a parameter ARN without a boundary', () => {
    const writer = variant((t) =>
      t.replace(
        /- SSMParameterReadPolicy:\n\s+ParameterName: .*\n/,
        // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation's ${} syntax
        "- Statement:\n            - Effect: Allow\n              Action: [ssm:GetParameter, ssm:PutParameter]\n              Resource: !Sub 'arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/cloudlab/${Learner}/05*'\n",
      ),
    );
    expect(rules(writer).sort()).toEqual(['CL2002', 'CL2005']);
  });

  it('answers a managed policy with a finding, never an internal error', () => {
    const managed = (name: string) =>
      variant((t) => t.replace(/- SSMParameterReadPolicy:\n\s+ParameterName: .*\n/, `- ${name}\n`));
    const readOnly = validateTemplate(managed('AmazonSSMReadOnlyAccess')).findings;
    expect(readOnly).toMatchObject([{ rule: 'CL2001', level: 'warning' }]);
    expect(readOnly[0]?.message).toContain('ssm:Get*');
    const unknown = validateTemplate(managed('AmazonS3FullAccess')).findings.map((f) => f.rule);
    expect(unknown.sort()).toEqual(['CL2001', 'CL2004']);
    expect(rules(managed('AWSLambdaBasicExecutionRole'))).toEqual([]);
  });

  it('flags a Handler whose file is not what the build writes, or whose export does not exist', () => {
    const wrongFile = validateTemplate(
      variant((t) => t.replace('Handler: app.handler', 'Handler: src/app.handler')),
    );
    expect(wrongFile.findings).toMatchObject([{ rule: 'CL1001', level: 'error' }]);
    expect(wrongFile.findings[0]?.message).toContain('use Handler: app.handler');
    const wrongExport = validateTemplate(
      variant((t) => t.replace('Handler: app.handler', 'Handler: app.main')),
    );
    expect(wrongExport.findings).toMatchObject([{ rule: 'CL1005', level: 'error' }]);
    expect(wrongExport.findings[0]?.message).toContain('exports handler');
  });

  it('requires Outputs and resolvable references', () => {
    expect(rules(variant((t) => t.replace(/\nOutputs:[\s\S]*$/, '\n')))).toEqual(['CL3001']);
    expect(rules(variant((t) => t.replace('!Ref ConfigFunction', '!Ref ConfigFn')))).toEqual(['E1020']);
    const sub = (name: string) => `\${${name}}`;
    expect(rules(variant((t) => t.replace(sub('ServerlessHttpApi'), sub('MyApi'))))).toEqual(['E1019']);
  });
});
