/**
 * An error a real AWS service would answer with. Services throw it; each protocol adapter
 * serialises it in its own wire format (query XML, JSON 1.1, REST-XML) in one place.
 */
export class AwsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly statusCode = 400,
    /** Extra fields some errors carry on the wire (S3's BucketName, Key, …). */
    readonly extra: Record<string, string> = {},
    /** Headers the error answers with (REST-XML: S3's 304 Not Modified keeps the object's ETag). */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = code;
  }
}
