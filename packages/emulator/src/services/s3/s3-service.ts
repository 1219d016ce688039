import { AwsError } from '../../core/aws-error.ts';
import { hostId } from '../../core/ids.ts';
import { registryOf } from '../../core/operation.ts';
import type { EmulatorRuntime, ObjectSeeder, RequestContext, Service } from '../../core/types.ts';
import { headerOf, type WireRequest, type WireResponse } from '../../core/wire.ts';
import { restXmlAdapter, restXmlError } from '../../protocols/rest-xml.ts';
import * as actions from './actions/index.ts';
import { RequestBody } from './payload/request-body.ts';
import { S3_MODEL, S3_XMLNS } from './protocol/s3-model.ts';
import { resolveAddress } from './routing/addressing.ts';
import { s3Router } from './routing/operation-router.ts';
import type { AnyS3Operation } from './s3-action.ts';
import { s3Input } from './s3-input.ts';
import { seedObjects } from './seed-objects.ts';
import { S3Store } from './store/s3-store.ts';

/** Every S3 operation the emulator serves (registryOf refuses two of one name), routed by its own route. */
const resolveOperation = s3Router(registryOf<AnyS3Operation>(actions).values());

/** Each operation's output as HTTP, bound by S3's model. */
const respond = restXmlAdapter(S3_MODEL, S3_XMLNS);

/** The IAM resource an S3 request acts on. */
function resourceArn(bucket: string, key: string): string {
  if (bucket === '') return '*';
  return key === '' ? `arn:aws:s3:::${bucket}` : `arn:aws:s3:::${bucket}/${key}`;
}

/**
 * The S3 service behind the front door: resolves addressing and operation, authorizes, runs the operation
 * and answers its result or error over REST-XML — streaming bodies in both directions.
 */
export class S3Service implements Service, ObjectSeeder {
  readonly signingName = 's3';
  readonly streamsBody = true;
  readonly protocol = 'rest-xml' as const;

  private constructor(readonly store: S3Store) {}

  static async create(runtime: EmulatorRuntime): Promise<S3Service> {
    const service = new S3Service(
      await S3Store.open(runtime.dataDirFor('s3'), runtime.options.accountLimits?.objectBytes),
    );
    runtime.objectSeeder = service;
    return service;
  }

  seedObjects(ctx: RequestContext, bucket: string, keys: readonly string[], body: Buffer): Promise<void> {
    return seedObjects(this.store, ctx, bucket, keys, body);
  }

  async handle(request: WireRequest, ctx: RequestContext): Promise<WireResponse> {
    const { method } = request;
    const address = resolveAddress(headerOf(request, 'host'), request.target);
    const resource =
      address.bucket === '' ? '/' : `/${address.bucket}${address.key ? `/${address.key}` : ''}`;
    const ids = { method, requestId: ctx.requestId, hostId: hostId() };
    try {
      const header = (name: string) => headerOf(request, name);
      const operation = resolveOperation(
        method,
        address,
        ctx.url.searchParams,
        header('x-amz-copy-source') !== undefined,
      );
      if (operation.iamAction !== null)
        ctx.runtime.authorize(ctx, operation.iamAction, resourceArn(address.bucket, address.key));
      const input = s3Input(operation, address, request, ctx.url.searchParams);
      const env = { store: this.store, body: new RequestBody(request, ctx) };
      return await respond(operation.name, await operation.handle(input, ctx, env), ids);
    } catch (error) {
      if (!(error instanceof AwsError)) {
        const log = ctx.runtime.options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
        log(`s3: internal error on ${method} ${resource}: ${(error as Error)?.stack ?? String(error)}`);
      }
      const aws =
        error instanceof AwsError
          ? error
          : new AwsError('InternalError', 'We encountered an internal error. Please try again.', 500);
      return restXmlError(aws, { ...ids, resource });
    }
  }

  async deleteAccount(accountId: string): Promise<void> {
    await this.store.deleteAccount(accountId);
  }

  async close(): Promise<void> {
    this.store.close();
  }
}

export function createS3Service(runtime: EmulatorRuntime): Promise<S3Service> {
  return S3Service.create(runtime);
}
