/**
 * What the validator knows about the resource types SAM lab templates use: property names, required ones and
 * value kinds, from the SAM specification and the CloudFormation resource reference. Other types are reported
 * as not checked rather than guessed at.
 */
export type Kind = 'string' | 'number' | 'boolean' | 'list' | 'map' | 'any';

export interface ResourceSpec {
  properties: Record<string, Kind>;
  required: string[];
}

const FUNCTION_PROPERTIES: Record<string, Kind> = {
  Architectures: 'list',
  AssumeRolePolicyDocument: 'map',
  AutoPublishAlias: 'string',
  CodeUri: 'any',
  CodeSigningConfigArn: 'string',
  DeadLetterQueue: 'map',
  DeploymentPreference: 'map',
  Description: 'string',
  Environment: 'map',
  EphemeralStorage: 'map',
  EventInvokeConfig: 'map',
  Events: 'map',
  FileSystemConfigs: 'list',
  FunctionName: 'string',
  FunctionUrlConfig: 'map',
  Handler: 'string',
  ImageConfig: 'map',
  ImageUri: 'string',
  InlineCode: 'string',
  KmsKeyArn: 'string',
  Layers: 'list',
  LoggingConfig: 'map',
  MemorySize: 'number',
  PackageType: 'string',
  PermissionsBoundary: 'string',
  Policies: 'any',
  ProvisionedConcurrencyConfig: 'map',
  RecursiveLoop: 'string',
  ReservedConcurrentExecutions: 'number',
  Role: 'string',
  RolePath: 'string',
  Runtime: 'string',
  RuntimeManagementConfig: 'map',
  SnapStartConfig: 'map',
  Tags: 'map',
  Timeout: 'number',
  Tracing: 'string',
  VersionDescription: 'string',
  VpcConfig: 'map',
};

export const RESOURCE_SPECS: Record<string, ResourceSpec> = {
  'AWS::Serverless::Function': { properties: FUNCTION_PROPERTIES, required: [] },
  'AWS::Serverless::HttpApi': {
    properties: {
      AccessLogSettings: 'map',
      Auth: 'map',
      CorsConfiguration: 'any',
      DefaultRouteSettings: 'map',
      DefinitionBody: 'map',
      DefinitionUri: 'any',
      Description: 'string',
      DisableExecuteApiEndpoint: 'boolean',
      Domain: 'map',
      FailOnWarnings: 'boolean',
      Name: 'string',
      PropagateTags: 'boolean',
      RouteSettings: 'map',
      StageName: 'string',
      StageVariables: 'map',
      Tags: 'map',
    },
    required: [],
  },
  'AWS::Lambda::Function': {
    properties: {
      Architectures: 'list',
      Code: 'map',
      Description: 'string',
      Environment: 'map',
      FunctionName: 'string',
      Handler: 'string',
      MemorySize: 'number',
      Role: 'string',
      Runtime: 'string',
      Tags: 'list',
      Timeout: 'number',
    },
    required: ['Code', 'Role'],
  },
  'AWS::IAM::Role': {
    properties: {
      AssumeRolePolicyDocument: 'map',
      Description: 'string',
      ManagedPolicyArns: 'list',
      MaxSessionDuration: 'number',
      Path: 'string',
      PermissionsBoundary: 'string',
      Policies: 'list',
      RoleName: 'string',
      Tags: 'list',
    },
    required: ['AssumeRolePolicyDocument'],
  },
  'AWS::SSM::Parameter': {
    properties: {
      AllowedPattern: 'string',
      DataType: 'string',
      Description: 'string',
      Name: 'string',
      Policies: 'string',
      Tags: 'map',
      Tier: 'string',
      Type: 'string',
      Value: 'string',
    },
    required: ['Type', 'Value'],
  },
};

/** Every type in the namespaces the lab touches; a type outside this list in those namespaces is a typo. */
export const KNOWN_TYPES: Record<string, string[]> = {
  'AWS::Serverless': [
    'Api',
    'Application',
    'CapacityProvider',
    'Connector',
    'Function',
    'GraphQLApi',
    'HttpApi',
    'LayerVersion',
    'SimpleTable',
    'StateMachine',
  ],
  'AWS::Lambda': [
    'Alias',
    'CodeSigningConfig',
    'EventInvokeConfig',
    'EventSourceMapping',
    'Function',
    'LayerVersion',
    'LayerVersionPermission',
    'Permission',
    'Url',
    'Version',
  ],
  'AWS::IAM': [
    'AccessKey',
    'Group',
    'InstanceProfile',
    'ManagedPolicy',
    'Policy',
    'Role',
    'RolePolicy',
    'User',
  ],
  'AWS::SSM': [
    'Association',
    'Document',
    'MaintenanceWindow',
    'Parameter',
    'PatchBaseline',
    'ResourceDataSync',
  ],
  'AWS::ApiGatewayV2': [
    'Api',
    'ApiMapping',
    'Authorizer',
    'DomainName',
    'Integration',
    'Route',
    'Stage',
    'VpcLink',
  ],
};

export const RESOURCE_ATTRIBUTES = [
  'Type',
  'Properties',
  'Metadata',
  'DependsOn',
  'Condition',
  'DeletionPolicy',
  'UpdateReplacePolicy',
  'CreationPolicy',
  'UpdatePolicy',
];

export const TOP_LEVEL_KEYS = [
  'AWSTemplateFormatVersion',
  'Description',
  'Metadata',
  'Parameters',
  'Mappings',
  'Conditions',
  'Transform',
  'Resources',
  'Outputs',
  'Globals',
  'Rules',
];

/**
 * Lambda Node runtimes AWS supports today; the lab accepts these (https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html).
 * nodejs20.x followed Node 20 out: deprecated on 2026-04-30, no new functions since 2026-06-01 (cfn-lint E2533).
 */
export const CURRENT_NODE_RUNTIMES = ['nodejs24.x', 'nodejs22.x'];
