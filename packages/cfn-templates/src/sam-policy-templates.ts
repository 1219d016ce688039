/**
 * The few SAM policy templates the labs use, expanded as the SAM translator does
 * (https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/serverless-policy-template-list.html).
 * Values are CloudFormation JSON with intrinsics, resolved later with the stack.
 */
type Template = (args: Record<string, unknown>) => unknown[];

const ssmRead =
  (prefix: string): Template =>
  (args) => [
    { Effect: 'Allow', Action: ['ssm:DescribeParameters'], Resource: '*' },
    {
      Effect: 'Allow',
      Action: ['ssm:GetParameters', 'ssm:GetParameter', 'ssm:GetParametersByPath'],
      Resource: {
        'Fn::Sub': [
          `arn:\${AWS::Partition}:ssm:\${AWS::Region}:\${AWS::AccountId}:${prefix}\${parameterName}`,
          { parameterName: args.ParameterName },
        ],
      },
    },
  ];

export const POLICY_TEMPLATES: Record<string, { required: string[]; expand: Template }> = {
  // The name goes after "parameter/": a leading slash in ParameterName makes "parameter//…", which matches nothing.
  SSMParameterReadPolicy: { required: ['ParameterName'], expand: ssmRead('parameter/') },
  SSMParameterWithSlashPrefixReadPolicy: { required: ['ParameterName'], expand: ssmRead('parameter') },
  S3ReadPolicy: {
    required: ['BucketName'],
    expand: (args) => [
      {
        Effect: 'Allow',
        Action: [
          's3:GetObject',
          's3:ListBucket',
          's3:GetBucketLocation',
          's3:GetObjectVersion',
          's3:GetLifecycleConfiguration',
        ],
        Resource: [
          { 'Fn::Sub': [`arn:\${AWS::Partition}:s3:::\${bucketName}`, { bucketName: args.BucketName }] },
          { 'Fn::Sub': [`arn:\${AWS::Partition}:s3:::\${bucketName}/*`, { bucketName: args.BucketName }] },
        ],
      },
    ],
  },
};

/**
 * AWS managed policies a SAM function may name, as AWS publishes them
 * (https://docs.aws.amazon.com/aws-managed-policy/latest/reference/). Those learners reach for instead of a policy
 * template are here, so a template naming one deploys as on AWS and costs points where it should (least
 * privilege), not at deploy. AmazonSSMFullAccess is modelled by its SSM statement only.
 */
export const MANAGED_POLICIES: Record<string, unknown[]> = {
  AWSLambdaBasicExecutionRole: [
    {
      Effect: 'Allow',
      Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'],
      Resource: '*',
    },
  ],
  AmazonSSMReadOnlyAccess: [
    { Effect: 'Allow', Action: ['ssm:Describe*', 'ssm:Get*', 'ssm:List*'], Resource: '*' },
  ],
  AmazonSSMFullAccess: [{ Effect: 'Allow', Action: ['ssm:*'], Resource: '*' }],
  AdministratorAccess: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
};
