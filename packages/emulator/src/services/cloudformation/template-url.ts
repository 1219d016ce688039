import { AwsError } from '../../core/aws-error.ts';
import type { RequestContext } from '../../core/types.ts';
import { fetchCodeFromS3 } from '../lambda/function-code.ts';

/**
 * The template of a call: TemplateBody, or the object TemplateURL names in this emulator's S3. `sam deploy`
 * and `aws cloudformation deploy --s3-bucket` upload the template and send its URL: path style on the
 * endpoint they were given (`http://127.0.0.1:4566/bucket/key`), or an AWS S3 URL in either style.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_CreateChangeSet.html
 */
export async function templateBody(
  input: { TemplateBody?: string; TemplateURL?: string },
  ctx: RequestContext,
): Promise<string> {
  if (input.TemplateBody) return String(input.TemplateBody);
  if (!input.TemplateURL)
    throw new AwsError('ValidationError', 'Either Template URL or Template Body must be specified.');
  const { bucket, key } = s3Location(String(input.TemplateURL));
  try {
    const body = await fetchCodeFromS3(ctx.runtime, ctx.principal.accountId, ctx.region, bucket, key);
    return new TextDecoder().decode(body);
  } catch {
    throw new AwsError(
      'ValidationError',
      `S3 error: could not read s3://${bucket}/${key} from TemplateURL — upload the template to the emulator's S3 first`,
    );
  }
}

function s3Location(templateUrl: string): { bucket: string; key: string } {
  let url: URL;
  try {
    url = new URL(templateUrl);
  } catch {
    throw new AwsError('ValidationError', 'TemplateURL must be a supported URL.');
  }
  const path = url.pathname.split('/').slice(1).map(decodeURIComponent);
  // Virtual-hosted style on AWS: https://<bucket>.s3[.<region>].amazonaws.com/<key>
  const hosted = /^(.+)\.s3[.-]([a-z0-9-]+\.)?amazonaws\.com$/.exec(url.hostname);
  const [bucket, ...key] = hosted ? [hosted[1]!, ...path] : path;
  if (!bucket || key.length === 0 || !key.join('/')) {
    throw new AwsError('ValidationError', `TemplateURL must name an S3 object: ${templateUrl}`);
  }
  return { bucket, key: key.join('/') };
}
