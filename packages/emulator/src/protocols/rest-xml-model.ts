/**
 * How a REST-XML service's inputs and outputs bind to HTTP, as the AWS SDK's Smithy model states it: which member is a
 * header, which is the payload, what each element and list item is called, how a timestamp is written and
 * the status an operation answers. S3's is generated from `@aws-sdk/client-s3`'s schemas
 * (services/s3/protocol/write-s3-model.ts); `rest-xml.ts` serialises an operation's output with it.
 */

/** Timestamp formats: in headers HTTP dates by default, in documents ISO 8601 with milliseconds. */
export type TimeFormat = 'date-time' | 'http-date' | 'epoch-seconds';

export interface MemberModel {
  /** Bound to this header (lower case). */
  readonly header?: string;
  /** A map bound to every header with this prefix (`x-amz-meta-`). */
  readonly prefixHeaders?: string;
  /** The member is the whole body: a structure (its own document), a byte stream, or an event stream. */
  readonly payload?: 'structure' | 'blob' | 'events';
  /** Its element name when not the member's name. */
  readonly xmlName?: string;
  /** A flattened list repeats its element in place of a wrapper. */
  readonly flattened?: true;
  /** A timestamp, and how it is written where the member goes. */
  readonly time?: TimeFormat;
  /** A structure: its name in the model's shapes. */
  readonly shape?: string;
  /** A list: its items' element name (`member` when absent), and what an item is. */
  readonly list?: { readonly xmlName?: string; readonly shape?: string; readonly time?: TimeFormat };
}

export interface ShapeModel {
  /** The document's root element when not the shape's name. */
  readonly xmlName?: string;
  readonly members: Readonly<Record<string, MemberModel>>;
}

/** Where an input member travels: a query parameter, a header, or every header with a prefix (`x-amz-meta-`). */
export type InputBinding =
  | { readonly query: string }
  | { readonly header: string }
  | { readonly headerPrefix: string };

export interface OperationModel {
  /** The status of a success. */
  readonly status: number;
  /** The input members bound to the query and headers (path labels and the body are the service's). */
  readonly input?: Readonly<Record<string, InputBinding>>;
  /** The output structure's name in the shapes; absent when the operation answers nothing. */
  readonly output?: string;
}

export interface RestXmlModel {
  readonly operations: Readonly<Record<string, OperationModel>>;
  readonly shapes: Readonly<Record<string, ShapeModel>>;
}
