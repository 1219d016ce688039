import { AwsError } from '../../core/aws-error.ts';
import { RECORD_BYTES } from '../../core/ingress-ledger.ts';
import type { Operation, WireInput } from '../../core/operation.ts';

interface SeedObjectsInput {
  Bucket: string;
  Keys: string[];
  /** The one body every key gets, as UTF-8 text. */
  Body: string;
}

interface SeedObjectsOutput {
  Bucket: string;
  Seeded: number;
}

/** A test fixture's size, not a bulk upload API: larger sets go through PutObject like any upload. */
const MAX_KEYS = 10_000;
const MAX_BODY_BYTES = 64 * 1024;

/**
 * `{ "Bucket": "b", "Keys": ["a.json", …], "Body": "{}" }`: stores every key in the caller's own bucket as a
 * PutObject of that body would, with PutObject's permission checked for each key — a test's fixture of
 * thousands of objects in one request. No AWS counterpart (S3 has no batch put): labs reach it through
 * @cloudlab/aws-session, which uses PutObject on any other target.
 */
export const seedObjects: Operation<WireInput<SeedObjectsInput>, SeedObjectsOutput> = {
  name: 'SeedObjects',
  // Checked key by key as s3:PutObject by the S3 service's seeder.
  iamAction: null,
  async handle(input, ctx) {
    const { Bucket: bucket, Keys: keys, Body: body } = input;
    if (typeof bucket !== 'string' || bucket === '') {
      throw new AwsError('ValidationException', 'Bucket must name one of your buckets.');
    }
    if (
      !Array.isArray(keys) ||
      keys.length === 0 ||
      keys.length > MAX_KEYS ||
      !keys.every((key) => typeof key === 'string' && key !== '')
    ) {
      throw new AwsError(
        'ValidationException',
        `Keys must be a list of 1 to ${MAX_KEYS} non-empty object keys, e.g. ["items/00001.json"].`,
      );
    }
    if (typeof body !== 'string' || Buffer.byteLength(body) > MAX_BODY_BYTES) {
      throw new AwsError('ValidationException', `Body must be text of at most ${MAX_BODY_BYTES} bytes.`);
    }
    // One request, a record per key: each counted as the PutObject it stands for would be (core/ingress-ledger.ts).
    ctx.runtime.ingress.charge(ctx.principal.accountId, keys.length * RECORD_BYTES, 'json');
    const seeder = ctx.runtime.objectSeeder;
    if (!seeder) throw new AwsError('ServiceUnavailable', 'This emulator serves no S3 to seed.', 503);
    await seeder.seedObjects(ctx, bucket, keys as string[], Buffer.from(body));
    return { Bucket: bucket, Seeded: keys.length };
  },
};
