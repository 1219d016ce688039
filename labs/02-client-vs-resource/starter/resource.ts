import {
  DeleteObjectCommand,
  GetObjectCommand,
  PutObjectCommand,
  paginateListObjectsV2,
  type S3Client,
} from '@aws-sdk/client-s3';

/**
 * The resource layer boto3 had and SDK v3 does not: objects that know their bucket and key, with methods
 * that send the right command. It is a thin wrapper — every method is one client.send().
 */
export class S3Object {
  constructor(
    readonly client: S3Client,
    readonly bucketName: string,
    readonly key: string,
  ) {}

  async put(body: string | Uint8Array, options: { contentType?: string } = {}): Promise<this> {
    throw new Error('TODO(6): A resource layer: Bucket and S3Object — see README.md, exercise 6');
  }

  /** The object's content as text. */
  async get(): Promise<string> {
    throw new Error('TODO(6): A resource layer: Bucket and S3Object — see README.md, exercise 6');
  }

  async delete(): Promise<void> {
    throw new Error('TODO(6): A resource layer: Bucket and S3Object — see README.md, exercise 6');
  }
}

export class Bucket {
  constructor(
    readonly client: S3Client,
    readonly name: string,
  ) {}

  object(key: string): S3Object {
    throw new Error('TODO(6): A resource layer: Bucket and S3Object — see README.md, exercise 6');
  }

  /** Every object under a prefix, fetched page by page as the loop asks for more (`for await … of`). */
  async *objects(options: { prefix?: string } = {}): AsyncGenerator<S3Object> {
    throw new Error('TODO(6): A resource layer: Bucket and S3Object — see README.md, exercise 6');
  }
}
