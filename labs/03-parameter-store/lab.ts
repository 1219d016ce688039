import { defineLab } from '@cloudlab/grader/lab';

export default defineLab({
  id: '03',
  slug: 'parameter-store',
  title: 'Parameter Store: a configuration hierarchy, secrets, versions, caching and throttling',
  objectives: [
    "Lay out an app's configuration as a hierarchy of String, StringList and SecureString parameters",
    'Read a parameter with and without decryption, and handle the errors Parameter Store answers',
    'Read a whole subtree across GetParametersByPath pages',
    'Turn raw parameters into a typed, validated configuration object',
    'Promote a version with a label, read by label, and show the history',
    'Cache parameters with a time-to-live, the way AWS Lambda Powertools does',
    'Retry throttled calls with exponential backoff and jitter',
    'Clean up a subtree with batched DeleteParameters',
    'Read many parameters in batches of 10 with GetParameters, reporting the ones that do not exist',
  ],
  exercises: [
    { n: 1, title: 'Lay out the configuration hierarchy', file: 'hierarchy.ts' },
    { n: 2, title: 'Read one parameter, with and without decryption', file: 'read-parameter.ts' },
    { n: 3, title: 'Read a subtree across pages', file: 'read-tree.ts' },
    { n: 4, title: 'Parse a typed, validated config object', file: 'app-config.ts' },
    { n: 5, title: 'Versions and labels: promote, read by label, history', file: 'versions.ts' },
    { n: 6, title: 'A caching loader with a time-to-live', file: 'cached-parameters.ts' },
    { n: 7, title: 'Retry throttled calls with backoff', file: 'backoff.ts' },
    { n: 8, title: 'Delete the subtree', file: 'delete-tree.ts' },
    { n: 9, title: 'Read many names in batches of 10', file: 'read-many.ts' },
  ],
  aws: {
    services: ['ssm', 'kms'],
    permissions: [
      'ssm:PutParameter',
      'ssm:GetParameter',
      'ssm:GetParameters',
      'ssm:GetParametersByPath',
      'ssm:GetParameterHistory',
      'ssm:LabelParameterVersion',
      'ssm:DeleteParameters',
      'kms:Decrypt',
    ],
  },
});
