import type { Readable } from 'node:stream';
import type { Operation, OutputOf } from '../../core/operation.ts';
import type { RequestBody } from './payload/request-body.ts';
import type { S3Store } from './store/s3-store.ts';

/**
 * An operation's input as S3's REST binding delivers it: the `@aws-sdk/client-s3` input's member names,
 * Bucket and Key from the path, ExpectedBucketOwner (every operation's) and the members the operation binds,
 * each as the text the wire carried, for the handler to validate (a number arrives as "5", or as "x").
 * The body is not a member: it streams, through S3Env's RequestBody.
 */
export type S3Input<T> = {
  readonly Bucket: string;
  readonly Key: string;
  readonly ExpectedBucketOwner?: string;
} & {
  readonly [K in Exclude<keyof T, 'Bucket' | 'Key' | 'Body' | 'ExpectedBucketOwner'>]?: K extends 'Metadata'
    ? Readonly<Record<string, string>>
    : string;
};

/** What every S3 operation shares (the store), and the request's body, read only through its verifier. */
export interface S3Env {
  readonly store: S3Store;
  readonly body: RequestBody;
}

/**
 * What an operation answers: the SDK's command output without `$metadata`, its streamed Body a Readable.
 * protocols/rest-xml.ts binds it to the status, headers and document with S3's model (protocol/s3-model.ts).
 */
export type S3Output<T> = 'Body' extends keyof T
  ? Omit<OutputOf<T>, 'Body'> & { Body?: Readable }
  : OutputOf<T>;

/**
 * How S3's REST binding names an operation: the method, what the path points at, and the query
 * sub-resource (or parameter value) and copy-source header that tell operations on one path apart.
 * routing/operation-router.ts builds the router from these.
 */
export interface S3Route {
  readonly method: 'GET' | 'PUT' | 'POST' | 'DELETE' | 'HEAD';
  readonly on: 'service' | 'bucket' | 'object';
  /** A query parameter that selects the operation (`tagging`, `uploads`), or one with a value (`list-type=2`). */
  readonly subresource?: string | { readonly name: string; readonly value: string };
  /** True when the `x-amz-copy-source` header selects it (CopyObject, UploadPartCopy). */
  readonly copySource?: boolean;
  /** A query parameter its URI fixes (SelectObjectContent's `select-type=2`): another value is InvalidArgument. */
  readonly fixedQuery?: { readonly name: string; readonly value: string };
}

/**
 * An S3 operation: its name, IAM action, route and input bindings; the handler takes the SDK's input
 * members as S3Input delivers them and returns the SDK's output shape.
 */
export interface S3Operation<Input = unknown, Output = object>
  extends Operation<S3Input<Input>, S3Output<Output>, S3Env> {
  readonly http: S3Route;
}

// biome-ignore lint/suspicious/noExplicitAny: the registry holds operations of every input; each narrows its own.
export type AnyS3Operation = S3Operation<any, any>;
