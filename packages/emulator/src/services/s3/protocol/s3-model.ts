import type { RestXmlModel, ShapeModel } from '../../../protocols/rest-xml-model.ts';
import { S3_SDK_MODEL } from './s3-sdk-model.ts';

/** The namespace every S3 response document declares. */
export const S3_XMLNS = 'http://s3.amazonaws.com/doc/2006-03-01/';

/** A shape with some members' bindings replaced. */
function withMembers(shape: ShapeModel | undefined, members: ShapeModel['members']): ShapeModel {
  if (!shape) throw new Error('the S3 model lost a shape the emulator amends');
  return { ...shape, members: { ...shape.members, ...members } };
}

/**
 * S3's input and output bindings: the SDK's model (s3-sdk-model.ts, generated) with where S3's wire differs from it:
 * - PutBucketTagging answers 204 No Content (the model says 200; the SDK accepts either);
 * - `ExpiresString` is the Expires header as sent (the SDK fills it by a customisation, not a binding, and
 *   the emulator keeps the header's text rather than a parsed date).
 * s3-model.test.ts checks that these are the only differences.
 */
export const S3_MODEL: RestXmlModel = {
  operations: {
    ...S3_SDK_MODEL.operations,
    PutBucketTagging: { ...S3_SDK_MODEL.operations.PutBucketTagging, status: 204 },
  },
  shapes: {
    ...S3_SDK_MODEL.shapes,
    GetObjectOutput: withMembers(S3_SDK_MODEL.shapes.GetObjectOutput, {
      ExpiresString: { header: 'expires' },
    }),
    HeadObjectOutput: withMembers(S3_SDK_MODEL.shapes.HeadObjectOutput, {
      ExpiresString: { header: 'expires' },
    }),
  },
};
