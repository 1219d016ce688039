import { AssumeRoleCommand, GetSessionTokenCommand } from '@aws-sdk/client-sts';
import { check } from '@cloudlab/grader';
import { classifyPrincipal, limitsOf, type PrincipalKind, whoami } from '@lab/whoami.ts';
import { expect } from 'vitest';
import { CLOUD9_ENV } from './support/sandbox.ts';
import { callerArn, labRoleArn, testSts } from './support/sts.ts';

const exercise = 3;
const ACCOUNT = '123456789012';

check(
  'classifyPrincipal reads every ARN shape IAM and STS use',
  {
    points: 8,
    exercise,
    concept: 'principals',
    hint: [
      'Split the ARN: arn:aws:iam::ACCOUNT:root, …:user/NAME (users may have a path), arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION, …:federated-user/NAME.',
      'An EC2 instance profile session is named after the instance id: assumed-role/ROLE/i-0123456789abcdef0.',
    ],
  },
  () => {
    const none = {};
    expect(classifyPrincipal({ arn: `arn:aws:iam::${ACCOUNT}:root`, temporary: false, env: none })).toEqual({
      kind: 'root',
      name: 'root',
    });
    expect(
      classifyPrincipal({ arn: `arn:aws:iam::${ACCOUNT}:user/dev/ana`, temporary: false, env: none }),
    ).toEqual({
      kind: 'iam-user',
      name: 'ana',
    });
    expect(
      classifyPrincipal({
        arn: `arn:aws:sts::${ACCOUNT}:assumed-role/Reader/build-42`,
        temporary: true,
        env: none,
      }),
    ).toEqual({
      kind: 'assumed-role',
      name: 'Reader',
    });
    expect(
      classifyPrincipal({
        arn: `arn:aws:sts::${ACCOUNT}:assumed-role/Cloud9Role/i-0123456789abcdef0`,
        temporary: true,
        env: none,
      }),
    ).toEqual({ kind: 'instance-role', name: 'Cloud9Role' });
    expect(
      classifyPrincipal({ arn: `arn:aws:sts::${ACCOUNT}:federated-user/bob`, temporary: true, env: none }),
    ).toEqual({
      kind: 'federated-user',
      name: 'bob',
    });
  },
);

check(
  'classifyPrincipal reads ARNs in every partition: aws, aws-cn, aws-us-gov',
  {
    points: 3,
    exercise,
    concept: 'principals',
    hint: [
      'An ARN starts arn:PARTITION: — aws, but also aws-cn (China) and aws-us-gov (GovCloud). Match the partition, not the literal "aws".',
    ],
  },
  () => {
    for (const partition of ['aws-cn', 'aws-us-gov']) {
      expect(
        classifyPrincipal({ arn: `arn:${partition}:iam::${ACCOUNT}:user/ana`, temporary: false, env: {} }),
        `a user in the ${partition} partition`,
      ).toEqual({ kind: 'iam-user', name: 'ana' });
      expect(
        classifyPrincipal({
          arn: `arn:${partition}:sts::${ACCOUNT}:assumed-role/Reader/i-0123456789abcdef0`,
          temporary: true,
          env: {},
        }),
        `an instance role in the ${partition} partition`,
      ).toEqual({ kind: 'instance-role', name: 'Reader' });
    }
  },
);

check(
  'classifyPrincipal refuses an ARN that names no caller, with an error that quotes it',
  {
    points: 2,
    exercise,
    concept: 'principals',
    hint: [
      'GetCallerIdentity answers only the five shapes of the table: anything else is an error, never a guess.',
      'A role (…:role/NAME) never calls: its sessions do (…:assumed-role/NAME/SESSION). An ARN starts arn: — nothing before it.',
      'Quote the ARN in the message, so whoever reads the error sees what was refused.',
    ],
  },
  () => {
    for (const arn of [
      `arn:aws:iam::${ACCOUNT}:role/Reader`,
      `arn:aws:iam::${ACCOUNT}:group/Admins`,
      'arn:aws:s3:::cloudlab-bucket',
      `urn:arn:aws:iam::${ACCOUNT}:root`,
    ]) {
      let outcome: unknown;
      try {
        outcome = classifyPrincipal({ arn, temporary: false, env: {} });
      } catch (error) {
        outcome = error;
      }
      expect(
        outcome instanceof Error && outcome.message.includes(arn),
        `classifyPrincipal of ${arn} gave ${outcome instanceof Error ? `the error "${outcome.message}"` : JSON.stringify(outcome)}: GetCallerIdentity never answers it, so the chapter wants an Error whose message quotes the ARN`,
      ).toBe(true);
    }
  },
);

check(
  "only a session named after an instance id (i- and 8 or 17 hex digits) is an instance role's",
  {
    points: 3,
    exercise,
    concept: 'principals',
    hint: [
      "EC2 names an instance profile's session after the instance: i- followed by 8 (older instances) or 17 hexadecimal digits.",
      'Anyone can name a session "i-deploy"; a session name that merely starts with i- is an ordinary assumed role.',
    ],
  },
  () => {
    const kindOf = (session: string) =>
      classifyPrincipal({
        arn: `arn:aws:sts::${ACCOUNT}:assumed-role/Deployer/${session}`,
        temporary: true,
        env: {},
      }).kind;
    expect(kindOf('i-1a2b3c4d'), 'session i-1a2b3c4d (an 8-digit instance id)').toBe('instance-role');
    expect(kindOf('i-deploy-bot'), 'session i-deploy-bot (chosen by a person)').toBe('assumed-role');
    expect(kindOf('ci-1a2b3c4d'), 'session ci-1a2b3c4d (a CI job named after its commit)').toBe(
      'assumed-role',
    );
    expect(kindOf('i-0123456789abcdef0-debug'), 'session i-0123456789abcdef0-debug').toBe('assumed-role');
  },
);

check(
  'temporary keys of an IAM user inside Cloud9 are managed temporary credentials',
  {
    points: 5,
    exercise,
    concept: 'Cloud9 managed credentials',
    hint: [
      'Managed credentials act as the environment owner (an IAM user ARN) but carry a session token, and C9_* variables are set.',
    ],
  },
  () => {
    const arn = `arn:aws:iam::${ACCOUNT}:user/ana`;
    expect(classifyPrincipal({ arn, temporary: true, env: CLOUD9_ENV }).kind).toBe('cloud9-managed');
    expect(classifyPrincipal({ arn, temporary: false, env: CLOUD9_ENV }).kind).toBe('iam-user');
    expect(classifyPrincipal({ arn, temporary: true, env: {} }).kind).toBe('iam-user');
    expect(
      classifyPrincipal({ arn, temporary: true, env: { HOME: '/home/ana', PATH: '/usr/bin' } }).kind,
      "an IAM user's temporary keys in an ordinary terminal (no C9_* variable)",
    ).toBe('iam-user');
    // The fix the chapter teaches: an instance role in Cloud9 is an instance role, not managed credentials.
    expect(
      classifyPrincipal({
        arn: `arn:aws:sts::${ACCOUNT}:assumed-role/C9Role/i-0123456789abcdef0`,
        temporary: true,
        env: CLOUD9_ENV,
      }).kind,
      'an instance role used from a Cloud9 terminal',
    ).toBe('instance-role');
  },
);

check(
  'limitsOf explains what managed credentials block and that an instance role is the fix',
  { points: 3, exercise, hint: ['Mention AssumeRole (STS) and IAM calls, and the instance role.'] },
  () => {
    const text = limitsOf('cloud9-managed').join('\n');
    expect(text).toMatch(/AssumeRole/);
    expect(text).toMatch(/IAM|iam:/);
    expect(text).toMatch(/instance role/i);
  },
);

check(
  'limitsOf tells every other kind of principal what it should know',
  {
    points: 2,
    exercise,
    hint: [
      'root: do not use it for labs; iam-user: its keys are long-term (keep them out of code, rotate them); assumed-role, instance-role and federated-user: the credentials expire and are refreshed from their source.',
    ],
  },
  () => {
    const expected: Array<[PrincipalKind, RegExp, string]> = [
      ['root', /root/i, 'not to use the root user'],
      ['iam-user', /long-term/i, 'that its keys are long-term'],
      ['assumed-role', /expire/i, 'that its credentials expire'],
      ['instance-role', /expire/i, 'that its credentials expire'],
      ['federated-user', /expire/i, 'that its credentials expire'],
    ];
    for (const [kind, pattern, what] of expected) {
      const lines = limitsOf(kind);
      expect(
        Array.isArray(lines) && lines.length > 0 && lines.every((line) => line.length > 0),
        `limitsOf('${kind}') returns lines of advice`,
      ).toBe(true);
      expect(lines.join('\n'), `limitsOf('${kind}'): ${what}`).toMatch(pattern);
    }
  },
);

check(
  "whoami returns the caller ARN and account STS reports for the learner's keys",
  {
    points: 6,
    exercise,
    hint: [
      'Send GetCallerIdentityCommand with the client you are given (createSession().client(STSClient) by default).',
      'Whether the keys are temporary: await sts.config.credentials() and look for a sessionToken.',
    ],
  },
  async () => {
    const expected = await callerArn();
    const identity = await whoami(testSts(), {});
    expect(identity.arn).toBe(expected);
    expect(identity.account).toMatch(/^\d{12}$/);
    expect(expected).toContain(`::${identity.account}:`);
    expect(identity.temporary).toBe(Boolean(process.env.AWS_SESSION_TOKEN));
  },
);

check(
  'whoami with assumed-role credentials reports an assumed role',
  {
    points: 5,
    exercise,
    hint: ['An assumed-role ARN has the form arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION.'],
  },
  async () => {
    const answer = await testSts().send(
      new AssumeRoleCommand({ RoleArn: await labRoleArn(), RoleSessionName: 'whoami-check' }),
    );
    const c = answer.Credentials;
    const roleSts = testSts({
      accessKeyId: c?.AccessKeyId ?? '',
      secretAccessKey: c?.SecretAccessKey ?? '',
      sessionToken: c?.SessionToken ?? '',
    });
    const identity = await whoami(roleSts, {});
    expect(identity).toMatchObject({
      kind: 'assumed-role',
      temporary: true,
      arn: answer.AssumedRoleUser?.Arn,
    });
  },
);

check(
  "whoami with an IAM user's session credentials says temporary, from the session token and not the ARN",
  {
    points: 4,
    exercise,
    concept: 'Cloud9 managed credentials',
    hint: [
      'GetSessionToken (and Cloud9) give an IAM user temporary keys: the ARN is still …:user/NAME, but the credentials carry a session token.',
      'Read `temporary` from the credentials the client signs with (await sts.config.credentials()).sessionToken, not from the ARN or the environment.',
    ],
  },
  async () => {
    // STS refuses GetSessionToken to callers that already hold session credentials: those are temporary already.
    const own = await testSts().config.credentials();
    const c = own.sessionToken
      ? undefined
      : (await testSts().send(new GetSessionTokenCommand({ DurationSeconds: 900 }))).Credentials;
    const sessionSts = testSts(
      c
        ? {
            accessKeyId: c.AccessKeyId ?? '',
            secretAccessKey: c.SecretAccessKey ?? '',
            sessionToken: c.SessionToken ?? '',
          }
        : own,
    );
    const arn = await callerArn();
    const outside = await whoami(sessionSts, {});
    expect(outside, 'GetSessionToken credentials outside Cloud9').toMatchObject({ arn, temporary: true });
    const inCloud9 = await whoami(sessionSts, CLOUD9_ENV);
    if (arn.includes(':user/')) {
      expect(inCloud9.kind, "an IAM user's temporary keys in a Cloud9 terminal").toBe('cloud9-managed');
    }
  },
);
