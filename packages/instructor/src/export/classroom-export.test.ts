import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { classroomWorkflow } from './classroom-export.ts';

interface Step {
  id?: string;
  uses?: string;
  run?: string;
  with?: Record<string, string | number>;
  env?: Record<string, string>;
}

describe('classroomWorkflow', () => {
  const labs = [
    { id: '01', folder: '01-managed-credentials', maxScore: 125 },
    { id: '02', folder: '02-client-vs-resource', maxScore: 83 },
  ];
  const workflow = parse(classroomWorkflow(labs, '10.34.8')) as {
    on: string[];
    permissions: Record<string, string>;
    jobs: Record<string, { env: Record<string, string>; steps: Step[] }>;
  };
  const job = workflow.jobs['run-autograding-tests']!;

  it('grades each lab in its own command-grader step worth the lab’s points', () => {
    const graders = job.steps.filter(
      (step) => step.uses === 'classroom-resources/autograding-command-grader@v1',
    );
    expect(graders.map((step) => [step.id, step.with?.command, step.with?.['max-score']])).toEqual([
      ['lab-01', 'pnpm --silent cloudlab grade 01', 125],
      ['lab-02', 'pnpm --silent cloudlab grade 02', 83],
    ]);
  });

  it('reports every grader step to Classroom through the reporter', () => {
    const reporter = job.steps.at(-1)!;
    expect(reporter.uses).toBe('classroom-resources/autograding-grading-reporter@v1');
    expect(reporter.with?.runners).toBe('lab-01,lab-02');
    // GitHub's expression syntax, not a JavaScript template.
    const expression = (id: string) => ['${{', `steps.${id}.outputs.result`, '}}'].join('');
    expect(reporter.env).toEqual({
      'LAB-01_RESULTS': expression('lab-01'),
      'LAB-02_RESULTS': expression('lab-02'),
    });
  });

  it('runs against the embedded emulator with no AWS secrets, after a frozen install', () => {
    expect(job.env.CLOUDLAB_TARGET).toBe('emulator');
    const text = classroomWorkflow(labs, '10.34.8');
    expect(text).not.toMatch(/secrets\.|AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY/);
    expect(job.steps.find((step) => step.run?.includes('pnpm install --frozen-lockfile'))).toBeDefined();
    expect(workflow.permissions).toEqual({ checks: 'write', actions: 'read', contents: 'read' });
  });
});
