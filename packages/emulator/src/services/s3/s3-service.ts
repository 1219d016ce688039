import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EmulatorRuntime, RequestContext, Service } from '../../core/types.ts';
import { operations } from './operations.ts';
import { writeError, writeResult } from './protocol/respond.ts';
import { s3Errors } from './protocol/s3-errors.ts';
import { resolveAddress } from './routing/addressing.ts';
import { resolveOperation } from './routing/operation-router.ts';
import type { S3Call } from './s3-action.ts';
import { S3Store } from './store/s3-store.ts';

function headerReader(req: IncomingMessage) {
  return (name: string): string | undefined => {
    const value = req.headers[name];
    return Array.isArray(value) ? value.join(',') : value;
  };
}

/** The IAM resource an S3 request acts on. */
function resourceArn(bucket: string, key: string): string {
  if (bucket === '') return '*';
  return key === '' ? `arn:aws:s3:::${bucket}` : `arn:aws:s3:::${bucket}/${key}`;
}

/**
 * The S3 service behind the front door: resolves addressing and operation, authorizes, runs the action
 * and writes its result or error — streaming bodies in both directions.
 */
export class S3Service implements Service {
  readonly signingName = 's3';
  readonly streamsBody = true;
  readonly protocol = 'rest-xml' as const;

  private constructor(readonly store: S3Store) {}

  static async create(runtime: EmulatorRuntime): Promise<S3Service> {
    return new S3Service(await S3Store.open(runtime.dataDirFor('s3')));
  }

  async handle(req: IncomingMessage, res: ServerResponse, ctx: RequestContext): Promise<void> {
    const method = req.method ?? 'GET';
    const rawUrl = req.url ?? '/';
    const address = resolveAddress(req.headers.host, rawUrl);
    const resource =
      address.bucket === '' ? '/' : `/${address.bucket}${address.key ? `/${address.key}` : ''}`;
    try {
      const header = headerReader(req);
      const name = resolveOperation(
        method,
        address,
        ctx.url.searchParams,
        header('x-amz-copy-source') !== undefined,
      );
      const action = operations[name];
      if (!action) throw s3Errors.notImplemented(name);
      ctx.runtime.authorize(ctx, action.iamAction, resourceArn(address.bucket, address.key));
      const call: S3Call = {
        req,
        res,
        ctx,
        store: this.store,
        bucket: address.bucket,
        key: address.key,
        query: ctx.url.searchParams,
        header,
      };
      const result = await action.handle(call);
      await writeResult(res, result, ctx, method);
    } catch (error) {
      writeError(res, error, ctx, method, resource);
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
