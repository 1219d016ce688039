import type { RequestContext } from '../../core/types.ts';
import { parameterNotFound, versionNotFound } from './errors.ts';
import { inPath } from './filters.ts';
import type { Selector } from './names.ts';
import { epochSeconds } from './ssm-context.ts';

/**
 * AWS's public parameters: https://docs.aws.amazon.com/systems-manager/latest/userguide/parameter-store-public-parameters.html
 * AWS publishes them under /aws/service/ in every account, read-only (PutParameter answers
 * AccessDeniedException for the reserved /aws/ names). The emulator serves a few real-looking ones, the
 * same in every region, so a script that reads a region's name or the latest AMI id runs offline. The AMI ids
 * are made up: only AWS knows today's.
 */

interface PublicParameter {
  value: string;
  version: number;
  dataType: 'text' | 'aws:ec2:image';
}

const PUBLISHED = Date.parse('2026-01-15T08:00:00Z');

const REGIONS: Record<string, string> = {
  'us-east-1': 'US East (N. Virginia)',
  'us-west-2': 'US West (Oregon)',
  'eu-west-1': 'Europe (Ireland)',
  'eu-central-1': 'Europe (Frankfurt)',
  'ap-southeast-2': 'Asia Pacific (Sydney)',
};

function table(): Map<string, PublicParameter> {
  const entries: [string, PublicParameter][] = [];
  const text = (value: string): PublicParameter => ({ value, version: 1, dataType: 'text' });
  for (const [code, longName] of Object.entries(REGIONS)) {
    const base = `/aws/service/global-infrastructure/regions/${code}`;
    entries.push(
      [base, text(code)],
      [`${base}/longName`, text(longName)],
      [`${base}/partition`, text('aws')],
      [`${base}/domain`, text('amazonaws.com')],
    );
  }
  const ami = (value: string, version: number): PublicParameter => ({
    value,
    version,
    dataType: 'aws:ec2:image',
  });
  entries.push(
    [
      '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64',
      ami('ami-0c1d2e3f4a5b6c7d8', 42),
    ],
    [
      '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64',
      ami('ami-0f9e8d7c6b5a4f3e2', 42),
    ],
  );
  return new Map(entries.sort(([a], [b]) => (a < b ? -1 : 1)));
}

const PUBLIC = table();

/** Names under /aws/service/ are AWS's, whatever the account: the store never holds them. */
export const isPublicName = (name: string) => name.startsWith('/aws/service/') || name === '/aws/service';

const publicArn = (ctx: RequestContext, name: string) => `arn:aws:ssm:${ctx.region}::parameter${name}`;

function shape(ctx: RequestContext, name: string, parameter: PublicParameter, selector?: string) {
  return {
    Name: name,
    Type: 'String' as const,
    Value: parameter.value,
    Version: parameter.version,
    ...(selector ? { Selector: selector } : {}),
    LastModifiedDate: epochSeconds(PUBLISHED),
    ARN: publicArn(ctx, name),
    DataType: parameter.dataType,
  };
}

/** GetParameter(s) of a public name; `name:42` selects only the current version, and public ones carry no labels. */
export function getPublicParameter(ctx: RequestContext, selector: Selector, action = 'ssm:GetParameter') {
  ctx.runtime.authorize(ctx, action, publicArn(ctx, selector.name));
  const parameter = PUBLIC.get(selector.name);
  if (!parameter) throw parameterNotFound(selector.name);
  if (selector.label !== undefined) throw versionNotFound(selector.name, selector.label);
  if (selector.version !== undefined && selector.version !== parameter.version) {
    throw versionNotFound(selector.name, selector.version);
  }
  return shape(ctx, selector.name, parameter, selector.selector);
}

/** GetParametersByPath under /aws/service/, in name order like the account's own parameters. */
export function publicParametersByPath(ctx: RequestContext, path: string, recursive: boolean) {
  ctx.runtime.authorize(ctx, 'ssm:GetParametersByPath', publicArn(ctx, path));
  return [...PUBLIC]
    .filter(([name]) => inPath(name, path, recursive))
    .map(([name, parameter]) => shape(ctx, name, parameter));
}
