import { createHash } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { unzipSync } from 'fflate';
import { AwsError } from '../../core/aws-error.ts';
import { getOwnEndpoint } from '../../core/own-endpoint.ts';
import type { EmulatorRuntime } from '../../core/types.ts';
import { invalid } from './lambda-errors.ts';

/** Lambda's limit on a deployment package's files, unzipped (https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html). */
export const MAX_UNZIPPED_BYTES = 262_144_000;

/** The sizes the zip's directory declares for its files, added up; what unzipSync then allocates for them. */
function declaredUnzippedBytes(zip: Uint8Array): number {
  let total = 0;
  unzipSync(zip, {
    filter: (file) => {
      total += file.originalSize;
      return false;
    },
  });
  return total;
}

/**
 * A deployment package unpacked into its own folder; CodeSha256 is base64, as Lambda reports it. `room`: the
 * unzipped bytes the account may still keep (accountLimits.codeBytes), checked before anything is written.
 */
export function unpackCode(root: string, name: string, zip: Uint8Array, room = Number.POSITIVE_INFINITY) {
  let files: Record<string, Uint8Array>;
  let unzipped: number;
  try {
    unzipped = declaredUnzippedBytes(zip);
  } catch {
    throw invalid('Could not unzip uploaded file. Please check your file, then try to upload again.');
  }
  // Checked before inflating: a small zip of a huge file would otherwise take the emulator's memory with it.
  if (unzipped > MAX_UNZIPPED_BYTES) {
    throw invalid(`Unzipped size must be smaller than ${MAX_UNZIPPED_BYTES} bytes`);
  }
  if (unzipped > room) {
    throw new AwsError(
      'CodeStorageExceededException',
      `Your account's functions would keep more code than it may in this shared emulator (${Math.max(0, Math.floor(room))} bytes left of its share; a batch bounds each learner): delete functions first.`,
      400,
    );
  }
  try {
    files = unzipSync(zip);
  } catch {
    throw invalid('Could not unzip uploaded file. Please check your file, then try to upload again.');
  }
  const codeDir = join(root, `${name}-${Date.now().toString(36)}`);
  rmSync(codeDir, { recursive: true, force: true });
  for (const [path, data] of Object.entries(files)) {
    const target = resolve(codeDir, path);
    // A zip entry like ../../x must not escape the function's folder (zip-slip).
    if (!target.startsWith(codeDir + sep))
      throw invalid(`The deployment package has an unsafe path: ${path}`);
    if (path.endsWith('/')) continue;
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, data);
  }
  mkdirSync(codeDir, { recursive: true });
  return {
    codeDir,
    codeSha256: createHash('sha256').update(zip).digest('base64'),
    codeSize: zip.byteLength,
    unzippedSize: unzipped,
  };
}

/** Reads S3Bucket/S3Key through the emulator's own S3, signed with credentials minted for the account. */
export async function fetchCodeFromS3(
  runtime: EmulatorRuntime,
  accountId: string,
  region: string,
  bucket: string,
  key: string,
): Promise<Uint8Array> {
  const credentials = runtime.issueCredentials(
    { accountId, arn: `arn:aws:iam::${accountId}:root`, userId: accountId, type: 'root' },
    300,
  );
  const url = new URL(
    `${runtime.endpoint}/${encodeURIComponent(bucket)}/${key.split('/').map(encodeURIComponent).join('/')}`,
  );
  const signer = new SignatureV4({ credentials, region, service: 's3', sha256: Sha256 });
  const signed = await signer.sign({
    method: 'GET',
    protocol: url.protocol,
    hostname: url.hostname,
    port: Number(url.port),
    path: url.pathname,
    headers: { host: url.host, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
  });
  const { status, body } = await getOwnEndpoint(runtime, url, signed.headers as Record<string, string>);
  if (status !== 200) {
    throw invalid(
      `Error occurred while GetObject. S3 Error Code: ${status === 404 ? 'NoSuchKey' : status}. ` +
        `S3 Error Message: could not read s3://${bucket}/${key} — upload the bundle first.`,
    );
  }
  return body;
}
