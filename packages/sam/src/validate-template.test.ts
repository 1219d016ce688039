import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SamError } from './sam-error.ts';
import { validateTemplate } from './validate-template.ts';

const FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'config-api', 'template.yaml');

/** A copy of the fixture template with `edit` applied, next to the fixture's src/ so handler paths resolve. */
function variant(edit: (text: string) => string): string {
  const dir = mkdtempSync(join(tmpdir(), 'cloudlab-validate-'));
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

  it('accepts only current Node runtimes (E2531 for deprecated ones)', () => {
    expect(rules(variant((t) => t.replace('nodejs22.x', 'nodejs16.x')))).toEqual(['E2531']);
    expect(rules(variant((t) => t.replace('nodejs22.x', 'python3.12')))).toEqual(['CL1002']);
    expect(rules(variant((t) => t.replace('nodejs22.x', 'nodejs20.x')))).toEqual([]);
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

  it('requires Outputs and resolvable references', () => {
    expect(rules(variant((t) => t.replace(/\nOutputs:[\s\S]*$/, '\n')))).toEqual(['CL3001']);
    expect(rules(variant((t) => t.replace('!Ref ConfigFunction', '!Ref ConfigFn')))).toEqual(['E1020']);
    const sub = (name: string) => `\${${name}}`;
    expect(rules(variant((t) => t.replace(sub('ServerlessHttpApi'), sub('MyApi'))))).toEqual(['E1019']);
  });
});
