import { s3Errors } from '../protocol/s3-errors.ts';
import { listOf, parseXmlDocument, textOf, type XmlNode } from '../protocol/xml.ts';
import type { Tag } from '../store/types.ts';

/** Tag limits (https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-tagging.html). */
export const MAX_OBJECT_TAGS = 10;
export const MAX_BUCKET_TAGS = 50;

function validate(tags: Tag[], max: number): Tag[] {
  if (tags.length > max) throw s3Errors.invalidTag(`Object tags cannot be greater than ${max}`);
  const seen = new Set<string>();
  for (const tag of tags) {
    if (tag.Key.length === 0 || tag.Key.length > 128)
      throw s3Errors.invalidTag('The TagKey you have provided is invalid');
    if (tag.Value.length > 256) throw s3Errors.invalidTag('The TagValue you have provided is invalid');
    if (tag.Key.startsWith('aws:')) throw s3Errors.invalidTag('Your TagKey cannot be prefixed with aws:');
    if (seen.has(tag.Key)) throw s3Errors.invalidTag('Cannot provide multiple Tags with the same key');
    seen.add(tag.Key);
  }
  return tags;
}

/** The `x-amz-tagging` header: a URL query string, `k1=v1&k2=v2`. */
export function parseTaggingHeader(value: string | undefined): Tag[] {
  if (!value) return [];
  const tags = [...new URLSearchParams(value)].map(([Key, Value]) => ({ Key, Value }));
  return validate(tags, MAX_OBJECT_TAGS);
}

/** A `<Tagging><TagSet><Tag><Key/><Value/></Tag>…</TagSet></Tagging>` request document. */
export function parseTaggingDocument(body: Buffer, max: number): Tag[] {
  const root = parseXmlDocument(body, 'Tagging');
  const tagSet = root.TagSet;
  if (tagSet === undefined || (typeof tagSet !== 'object' && tagSet !== '')) throw s3Errors.malformedXml();
  const tags = listOf((tagSet || {}) as XmlNode, 'Tag').map((tag) => {
    const Key = textOf(tag, 'Key');
    const Value = textOf(tag, 'Value');
    if (Key === undefined || Value === undefined) throw s3Errors.malformedXml();
    return { Key, Value };
  });
  return validate(tags, max);
}
