import { AwsError } from '../../../core/aws-error.ts';

/**
 * S3's error vocabulary, one factory per code so every action answers with AWS's own code, status and
 * message (https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html#ErrorCodeList).
 * `extra` fields (BucketName, Key, …) are serialised next to Code and Message, as S3 does.
 */
export const s3Errors = {
  noSuchBucket: (bucket: string) =>
    new AwsError('NoSuchBucket', 'The specified bucket does not exist', 404, { BucketName: bucket }),
  noSuchKey: (key: string) =>
    new AwsError('NoSuchKey', 'The specified key does not exist.', 404, { Key: key }),
  noSuchUpload: (uploadId: string) =>
    new AwsError(
      'NoSuchUpload',
      'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.',
      404,
      { UploadId: uploadId },
    ),
  noSuchTagSet: (bucket: string) =>
    new AwsError('NoSuchTagSet', 'The TagSet does not exist', 404, { BucketName: bucket }),
  /** 304: the status and the object's ETag and Last-Modified, no body (a GET's conditions matched). */
  notModified: (etag: string, lastModified: string) =>
    new AwsError(
      'NotModified',
      'Not Modified',
      304,
      {},
      {
        etag,
        'last-modified': new Date(lastModified).toUTCString(),
      },
    ),
  accessDenied: () => new AwsError('AccessDenied', 'Access Denied', 403),
  bucketAlreadyExists: (bucket: string) =>
    new AwsError(
      'BucketAlreadyExists',
      'The requested bucket name is not available. The bucket namespace is shared by all users of the system. Please select a different name and try again.',
      409,
      { BucketName: bucket },
    ),
  bucketAlreadyOwnedByYou: (bucket: string) =>
    new AwsError(
      'BucketAlreadyOwnedByYou',
      'Your previous request to create the named bucket succeeded and you already own it.',
      409,
      { BucketName: bucket },
    ),
  bucketNotEmpty: (bucket: string) =>
    new AwsError('BucketNotEmpty', 'The bucket you tried to delete is not empty', 409, {
      BucketName: bucket,
    }),
  invalidBucketName: (bucket: string) =>
    new AwsError('InvalidBucketName', 'The specified bucket is not valid.', 400, { BucketName: bucket }),
  keyTooLong: () => new AwsError('KeyTooLongError', 'Your key is too long', 400),
  invalidArgument: (message: string, name?: string, value?: string) =>
    new AwsError(
      'InvalidArgument',
      message,
      400,
      name === undefined ? {} : { ArgumentName: name, ArgumentValue: value ?? '' },
    ),
  invalidRequest: (message: string) => new AwsError('InvalidRequest', message, 400),
  invalidObjectState: (storageClass: string) =>
    new AwsError('InvalidObjectState', "The operation is not valid for the object's storage class", 403, {
      StorageClass: storageClass,
    }),
  accessControlListNotSupported: () =>
    new AwsError('AccessControlListNotSupported', 'The bucket does not allow ACLs', 400),
  invalidBucketAclWithObjectOwnership: () =>
    new AwsError(
      'InvalidBucketAclWithObjectOwnership',
      "Bucket cannot have ACLs set with ObjectOwnership's BucketOwnerEnforced setting",
      400,
    ),
  malformedXml: () =>
    new AwsError(
      'MalformedXML',
      'The XML you provided was not well-formed or did not validate against our published schema',
      400,
    ),
  invalidRange: (size: number, range: string) =>
    new AwsError('InvalidRange', 'The requested range is not satisfiable', 416, {
      ActualObjectSize: String(size),
      RangeRequested: range,
    }),
  preconditionFailed: (condition: string) =>
    new AwsError('PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', 412, {
      Condition: condition,
    }),
  badDigest: (message = 'The Content-MD5 you specified did not match what we received.') =>
    new AwsError('BadDigest', message, 400),
  invalidDigest: () => new AwsError('InvalidDigest', 'The Content-MD5 you specified was invalid.', 400),
  contentSha256Mismatch: (claimed: string, computed: string) =>
    new AwsError(
      'XAmzContentSHA256Mismatch',
      "The provided 'x-amz-content-sha256' header does not match what was computed.",
      400,
      { ClientComputedContentSHA256: claimed, S3ComputedContentSHA256: computed },
    ),
  signatureDoesNotMatch: () =>
    new AwsError(
      'SignatureDoesNotMatch',
      'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
      403,
    ),
  incompleteBody: () =>
    new AwsError(
      'IncompleteBody',
      'You did not provide the number of bytes specified by the Content-Length HTTP header',
      400,
    ),
  entityTooSmall: () =>
    new AwsError(
      'EntityTooSmall',
      'Your proposed upload is smaller than the minimum allowed object size.',
      400,
    ),
  entityTooLarge: (message = 'Your proposed upload exceeds the maximum allowed object size.') =>
    new AwsError('EntityTooLarge', message, 400),
  invalidPart: () =>
    new AwsError(
      'InvalidPart',
      "One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.",
      400,
    ),
  invalidPartOrder: () =>
    new AwsError(
      'InvalidPartOrder',
      'The list of parts was not in ascending order. Parts must be ordered by part number.',
      400,
    ),
  invalidTag: (message: string) => new AwsError('InvalidTag', message, 400),
  metadataTooLarge: () =>
    new AwsError('MetadataTooLarge', 'Your metadata headers exceed the maximum allowed metadata size.', 400),
  notImplemented: (what: string) =>
    new AwsError(
      'NotImplemented',
      `A header or query you provided implies functionality that is not implemented: ${what} is not supported by the cloudlab emulator — run against --target aws to use it.`,
      501,
    ),
  methodNotAllowed: (method: string) =>
    new AwsError('MethodNotAllowed', 'The specified method is not allowed against this resource.', 405, {
      Method: method,
      ResourceType: 'OBJECT',
    }),
};
