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
    // BEGIN SOLUTION 6
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.bucketName,
        Key: this.key,
        Body: body,
        ...(options.contentType ? { ContentType: options.contentType } : {}),
      }),
    );
    return this;
    // END SOLUTION
  }

  /** The object's content as text. */
  async get(): Promise<string> {
    // BEGIN SOLUTION 6
    const answer = await this.client.send(new GetObjectCommand({ Bucket: this.bucketName, Key: this.key }));
    return (await answer.Body?.transformToString()) ?? '';
    // END SOLUTION
  }

  async delete(): Promise<void> {
    // BEGIN SOLUTION 6
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucketName, Key: this.key }));
    // END SOLUTION
  }
}

export class Bucket {
  constructor(
    readonly client: S3Client,
    readonly name: string,
  ) {}

  object(key: string): S3Object {
    // BEGIN SOLUTION 6
    return new S3Object(this.client, this.name, key);
    // END SOLUTION
  }

  /** Every object under a prefix, fetched page by page as the loop asks for more (`for await … of`). */
  async *objects(options: { prefix?: string } = {}): AsyncGenerator<S3Object> {
    // BEGIN SOLUTION 6
    const pages = paginateListObjectsV2(
      { client: this.client },
      { Bucket: this.name, ...(options.prefix ? { Prefix: options.prefix } : {}) },
    );
    for await (const page of pages) {
      for (const item of page.Contents ?? []) if (item.Key) yield this.object(item.Key);
    }
    // END SOLUTION
  }
}
