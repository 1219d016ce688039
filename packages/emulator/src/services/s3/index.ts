export { createS3Service, S3Service } from './s3-service.ts';
export type { ByteRange, S3ObjectHandle } from './store/types.ts';
