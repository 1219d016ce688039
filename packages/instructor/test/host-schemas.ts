/**
 * The course hosts' file formats as JSON Schemas, written from each host's own documentation, so the
 * export tests check what the hosts check. Rules a schema cannot say are the `*Rules` functions.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';

const ajv = new Ajv2020({ allErrors: true, strict: false });

/** Errors of `value` against `schema`, as `path message` lines (empty when valid). */
export function schemaErrors(schema: object, value: unknown): string[] {
  const validate = ajv.compile(schema);
  return validate(value)
    ? []
    : (validate.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message}`);
}

const UTC_SECOND = '^\\d{4}-\\d{2}-\\d{2}T([01]\\d|2[0-3]):[0-5]\\d:[0-5]\\dZ$';
const text = { type: 'string', minLength: 1 };

/**
 * Classroom 50's `result.json`, `classroom50/result/v1`: wiki/Advanced-Autograding.md ("The result.json
 * contract") and schemas/result-v1.schema.json of foundation50/classroom50.
 */
export const classroom50Result = {
  type: 'object',
  additionalProperties: false,
  required: [
    'schema',
    'classroom',
    'assignment',
    'assignment_type',
    'owner',
    'submission',
    'commit',
    'release',
    'review',
    'datetime',
    'score',
    'max-score',
    'tests',
  ],
  properties: {
    schema: { const: 'classroom50/result/v1' },
    classroom: text,
    assignment: text,
    assignment_type: { enum: ['individual', 'group'] },
    owner: text,
    submission: { type: 'string', pattern: '^submit/' },
    commit: text,
    release: text,
    review: text,
    datetime: { type: 'string', pattern: UTC_SECOND },
    graded_at: { type: 'string', pattern: UTC_SECOND },
    score: { type: 'integer', minimum: 0 },
    'max-score': { type: 'integer', minimum: 0 },
    tests: {
      type: 'array',
      items: {
        type: 'object',
        // Extra diagnostic fields on a test are kept verbatim.
        additionalProperties: true,
        required: ['test-name', 'passed', 'score', 'max-score'],
        properties: {
          'test-name': text,
          passed: { type: 'boolean' },
          score: { type: 'integer', minimum: 0 },
          'max-score': { type: 'integer', minimum: 0 },
        },
      },
    },
    submitted_by: {
      type: 'object',
      additionalProperties: false,
      required: ['username'],
      properties: { username: text, id: { type: ['integer', 'null'] } },
    },
  },
};

interface Classroom50Result {
  score: number;
  'max-score': number;
  tests: { score: number; 'max-score': number }[];
}

/** The cross-field rules Classroom 50's validators enforce in code: score ≤ max-score, per test too. */
export function classroom50ResultRules(result: Classroom50Result): string[] {
  const problems: string[] = [];
  if (result.score > result['max-score']) problems.push('score > max-score');
  result.tests.forEach((test, index) => {
    if (test.score > test['max-score']) problems.push(`tests[${index}] score > max-score`);
  });
  const sum = result.tests.reduce((total, test) => total + test.score, 0);
  if (sum !== result.score) problems.push(`score ${result.score} is not the sum of the tests' ${sum}`);
  return problems;
}

/** Classroom 50's per-assignment `runtime` block: wiki/Advanced-Autograding.md ("The runtime block"). */
export const classroom50Runtime = {
  type: 'object',
  additionalProperties: false,
  properties: {
    'runs-on': {
      oneOf: [text, { type: 'array', items: text, minItems: 1, maxItems: 10 }],
    },
    python: text,
    node: text,
    java: text,
    go: text,
    rust: text,
    apt: { type: 'array', items: text },
    container: {
      type: 'object',
      required: ['image'],
      properties: { image: text, user: text },
    },
  },
  not: { required: ['apt', 'container'] },
};

/**
 * A PrairieLearn question's info.json, the parts an externally graded question uses: docs/externalGrading.md
 * and apps/prairielearn/src/schemas/infoQuestion.ts of PrairieLearn/PrairieLearn (both objects are strict).
 */
export const prairieLearnQuestionInfo = {
  type: 'object',
  additionalProperties: false,
  required: ['uuid', 'type', 'title', 'topic'],
  properties: {
    uuid: { type: 'string', pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' },
    type: { enum: ['Calculation', 'MultipleChoice', 'Checkbox', 'File', 'MultipleTrueFalse', 'v3'] },
    title: { type: 'string' },
    topic: { type: 'string' },
    tags: { type: 'array', items: { type: 'string' } },
    gradingMethod: { enum: ['Internal', 'External', 'Manual'] },
    singleVariant: { type: 'boolean' },
    partialCredit: { type: 'boolean' },
    externalGradingOptions: {
      type: 'object',
      additionalProperties: false,
      required: ['image'],
      properties: {
        image: { type: 'string' },
        entrypoint: { oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] },
        serverFilesCourse: { type: 'array', items: { type: 'string' } },
        // "cannot exceed 600 seconds (10 minutes)"
        timeout: { type: 'integer', minimum: 1, maximum: 600 },
        enableNetworking: { type: 'boolean' },
        environment: { type: 'object', additionalProperties: { type: 'string' } },
      },
    },
  },
};

/** PrairieLearn's external grader results.json: docs/externalGrading.md ("Grading results"). */
export const prairieLearnResults = {
  type: 'object',
  properties: {
    gradable: { type: 'boolean' },
    score: { type: 'number', minimum: 0, maximum: 1 },
    message: { type: 'string' },
    output: { type: 'string' },
    format_errors: { oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] },
    tests: {
      type: 'array',
      items: {
        type: 'object',
        // Per-test points show only when every test has both points and max_points.
        required: ['name', 'points', 'max_points'],
        properties: {
          name: { type: 'string' },
          description: { type: 'string' },
          points: { type: 'number', minimum: 0 },
          max_points: { type: 'number', minimum: 0 },
          message: { type: 'string' },
          output: { type: 'string' },
        },
      },
    },
  },
  // A gradable result needs its score; an ungradable one says so with gradable: false.
  if: { properties: { gradable: { const: false } }, required: ['gradable'] },
  else: { required: ['score'] },
};
