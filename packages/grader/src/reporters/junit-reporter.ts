import { XMLBuilder } from 'fast-xml-parser';
import type { CheckResult, LabResult, RunResult } from '../model/run-result.ts';
import type { GradeReporter } from './grade-reporter.ts';

const seconds = (ms: number) => (ms / 1000).toFixed(3);

/** Wrong answers are JUnit failures; environment and harness problems are errors (the test could not judge). */
function testcase(lab: LabResult, check: CheckResult): Record<string, unknown> {
  const node: Record<string, unknown> = {
    '@_classname': `lab${lab.id}.${check.file}`,
    '@_name': check.title,
    '@_time': seconds(check.durationMs),
  };
  if (check.status === 'skipped') node.skipped = { '@_message': 'not run' };
  if (check.status === 'failed') {
    const where = check.location ? `\nat ${check.location.file}:${check.location.line}` : '';
    const body = {
      '@_message': check.message ?? 'failed',
      '@_type': check.classification,
      '#text': `${check.message}${where}`,
    };
    if (check.classification === 'wrong-answer') node.failure = body;
    else node.error = body;
  }
  if (check.output) node['system-out'] = check.output;
  return node;
}

function testsuite(lab: LabResult): Record<string, unknown> {
  const count = (predicate: (check: CheckResult) => boolean) => lab.checks.filter(predicate).length;
  return {
    '@_name': `Lab ${lab.id} ${lab.title}`,
    '@_tests': lab.checks.length,
    '@_failures': count((check) => check.status === 'failed' && check.classification === 'wrong-answer'),
    '@_errors':
      count((check) => check.status === 'failed' && check.classification !== 'wrong-answer') +
      lab.errors.length,
    '@_skipped': count((check) => check.status === 'skipped'),
    '@_time': seconds(lab.durationMs),
    properties: {
      property: [
        { '@_name': 'score', '@_value': lab.score },
        { '@_name': 'max_score', '@_value': lab.maxScore },
        { '@_name': 'integrity', '@_value': lab.integrity.status },
      ],
    },
    testcase: lab.checks.map((check) => testcase(lab, check)),
    ...(lab.errors.length > 0 ? { 'system-err': lab.errors.join('\n') } : {}),
  };
}

/** JUnit XML (the Ant/Surefire dialect CI systems read): one testsuite per lab, one testcase per check. */
export class JunitReporter implements GradeReporter {
  onRunEnd(run: RunResult): string {
    const builder = new XMLBuilder({ ignoreAttributes: false, format: true, suppressEmptyNode: true });
    const suites = run.labs.map(testsuite);
    const xml = builder.build({
      testsuites: {
        '@_name': 'cloudlab',
        '@_tests': run.labs.reduce((sum, lab) => sum + lab.checks.length, 0),
        '@_failures': suites.reduce((sum, suite) => sum + Number(suite['@_failures']), 0),
        '@_errors': suites.reduce((sum, suite) => sum + Number(suite['@_errors']), 0),
        '@_time': seconds(run.durationMs),
        testsuite: suites,
      },
    });
    return `<?xml version="1.0" encoding="UTF-8"?>\n${xml}`;
  }
}
