import { defineLab } from '@cloudlab/grader/lab';

export default defineLab({
  id: '01',
  slug: 'managed-credentials',
  title: 'Managed credentials: where your keys come from, who you are, and keeping them out of code',
  objectives: [
    'Resolve credentials through the SDK default chain and name their source without printing a secret',
    'Resolve the region the way the SDK does and say where it came from',
    'Classify the calling principal: IAM user, assumed role, instance role, root, Cloud9 managed credentials',
    'Assume a role, show when its credentials expire, and keep a client working across a refresh',
    'Find hard-coded access keys in a folder before they reach a commit',
    'Sign in with IAM Identity Center: write an sso-session profile, cache its token, and know when it expires',
  ],
  exercises: [
    { n: 1, title: 'Describe the credentials and their source', file: 'credentials.ts' },
    { n: 2, title: 'Resolve the region and its source', file: 'region.ts' },
    { n: 3, title: 'Who am I? Classify the principal', file: 'whoami.ts' },
    { n: 4, title: 'Assume a role and refresh before expiry', file: 'assume-role.ts' },
    { n: 5, title: 'Scan a folder for hard-coded access keys', file: 'scan-keys.ts' },
    { n: 6, title: 'Sign in with IAM Identity Center', file: 'sso.ts' },
  ],
  aws: {
    services: ['sts'],
    permissions: ['sts:GetCallerIdentity', 'sts:AssumeRole'],
  },
});
