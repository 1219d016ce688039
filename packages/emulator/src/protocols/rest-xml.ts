import { Readable } from 'node:stream';
import type { AwsError } from '../core/aws-error.ts';
import { headerOf, type WireRequest, type WireResponse } from '../core/wire.ts';
import { eventStreamResponse, type StreamEvent } from './event-stream.ts';
import type { InputBinding, MemberModel, RestXmlModel, ShapeModel, TimeFormat } from './rest-xml-model.ts';
import { xmlDocument } from './xml.ts';

/**
 * The REST-XML protocol (S3). `restXmlInput` reads an operation's input members from the query and headers
 * as the service's model binds them. An operation returns its `@aws-sdk/client-*` output shape; this
 * adapter binds it to HTTP as the service's model says (rest-xml-model.ts): members to headers, the payload
 * member to the body, the rest to a document whose root, element and list item names and timestamp formats
 * are the model's, and the operation's status. Every error, the front door's and the service's, is written
 * by `restXmlError`.
 */

function bound(binding: InputBinding, request: WireRequest, query: URLSearchParams): unknown {
  if ('query' in binding) return query.get(binding.query) ?? undefined;
  if ('header' in binding) return headerOf(request, binding.header);
  const members: Record<string, string> = {};
  for (const name of Object.keys(request.headers)) {
    const value = headerOf(request, name);
    if (name.startsWith(binding.headerPrefix) && value !== undefined)
      members[name.slice(binding.headerPrefix.length)] = value;
  }
  return members;
}

/**
 * An operation's input members bound to the query and headers, by the model, each as the text the wire
 * carried (the handler validates it: a number arrives as "5", or as "x"); a prefix binding is a map.
 */
export function restXmlInput(
  model: RestXmlModel,
  operationName: string,
  request: WireRequest,
  query: URLSearchParams,
): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const [member, binding] of Object.entries(model.operations[operationName]?.input ?? {}))
    input[member] = bound(binding, request, query);
  return input;
}

/** Who asked: HEAD answers carry no body; every answer carries the request's ids. */
export interface RestXmlRequest {
  readonly method: string;
  readonly requestId: string;
  readonly hostId?: string;
}

/** Headers every REST-XML answer carries: S3's request id, and its extended one when the service has one. */
function idHeaders(requestId: string, hostId?: string): Record<string, string | number> {
  return hostId === undefined
    ? { 'x-amz-request-id': requestId }
    : { 'x-amz-request-id': requestId, 'x-amz-id-2': hostId };
}

function timeText(value: Date, format: TimeFormat): string | number {
  if (format === 'http-date') return value.toUTCString();
  if (format === 'epoch-seconds') return value.getTime() / 1000;
  return value.toISOString();
}

function headerText(value: unknown, member: MemberModel): string | number {
  if (value instanceof Date) return timeText(value, member.time ?? 'http-date');
  return typeof value === 'number' ? value : String(value);
}

/** The shapes with a document: a member that is neither a header nor the payload goes in one. */
const documentShapes = new WeakMap<ShapeModel, boolean>();
function hasDocument(shape: ShapeModel): boolean {
  let answer = documentShapes.get(shape);
  if (answer === undefined) {
    answer = Object.values(shape.members).some(
      (member) => !member.header && !member.prefixHeaders && !member.payload,
    );
    documentShapes.set(shape, answer);
  }
  return answer;
}

/** Serialises structures to the plain objects the XML builder takes, with the model's names. */
class DocumentWriter {
  constructor(private readonly model: RestXmlModel) {}

  structure(value: object, shapeName: string | undefined): Record<string, unknown> {
    const shape = shapeName === undefined ? undefined : this.model.shapes[shapeName];
    const out: Record<string, unknown> = {};
    for (const [name, child] of Object.entries(value)) {
      if (child === undefined) continue;
      const member = shape?.members[name] ?? {};
      if (member.header || member.prefixHeaders || member.payload) continue;
      out[member.xmlName ?? name] = this.member(child, member);
    }
    return out;
  }

  private member(value: unknown, member: MemberModel): unknown {
    if (member.list && Array.isArray(value)) {
      const { list } = member;
      const items = value.map((item) => this.value(item, list.shape, list.time));
      return member.flattened ? items : { [list.xmlName ?? 'member']: items };
    }
    return this.value(value, member.shape, member.time);
  }

  private value(value: unknown, shape: string | undefined, time: TimeFormat | undefined): unknown {
    if (value instanceof Date) return timeText(value, time ?? 'date-time');
    if (value !== null && typeof value === 'object') return this.structure(value, shape);
    return value;
  }

  /**
   * A whole document. A root named as its only member holds that member's text (S3's GetBucketLocation:
   * `<LocationConstraint>eu-west-1</LocationConstraint>`).
   */
  document(root: string, value: object, shapeName: string, xmlns: string): Buffer {
    const shape = this.model.shapes[shapeName];
    const names = Object.keys(shape?.members ?? {});
    const content =
      names.length === 1 && names[0] === root
        ? { '#text': (value as Record<string, unknown>)[root] ?? '' }
        : this.structure(value, shapeName);
    return Buffer.from(xmlDocument(root, { '@_xmlns': xmlns, ...content }), 'utf8');
  }
}

/** A REST-XML service's answer writer, for its model and document namespace. */
export function restXmlAdapter(model: RestXmlModel, xmlns: string) {
  const documents = new DocumentWriter(model);

  /** `output` is the named operation's SDK output shape (without `$metadata`). */
  return async function respond(
    operationName: string,
    output: object,
    request: RestXmlRequest,
  ): Promise<WireResponse> {
    const operation = model.operations[operationName];
    if (!operation) throw new Error(`the model has no operation ${operationName}`);
    const shape = operation.output === undefined ? undefined : model.shapes[operation.output];
    const headers = idHeaders(request.requestId, request.hostId);
    let body: Readable | Buffer | undefined;
    for (const [name, value] of Object.entries(output)) {
      if (value === undefined) continue;
      const member = shape?.members[name];
      if (!member) throw new Error(`${operationName}'s output has no member ${name}`);
      if (member.header) headers[member.header] = headerText(value, member);
      else if (member.prefixHeaders) {
        for (const [key, text] of Object.entries(value as Record<string, string>))
          headers[`${member.prefixHeaders}${key}`] = text;
      } else if (member.payload === 'events') {
        return eventStreamResponse(request.requestId, value as AsyncIterable<StreamEvent>);
      } else if (member.payload === 'structure' && member.shape) {
        const root = model.shapes[member.shape]?.xmlName ?? member.shape;
        body = documents.document(root, value as object, member.shape, xmlns);
        headers['content-type'] = 'application/xml';
      } else if (member.payload === 'blob') {
        body = value as Readable | Buffer;
      }
    }
    if (shape && operation.output && hasDocument(shape)) {
      body = documents.document(shape.xmlName ?? operation.output, output, operation.output, xmlns);
      headers['content-type'] = 'application/xml';
    }
    if (Buffer.isBuffer(body) && headers['content-length'] === undefined)
      headers['content-length'] = body.length;
    if (body === undefined && headers['content-length'] === undefined) headers['content-length'] = 0;
    if (request.method === 'HEAD' && body !== undefined) {
      if (body instanceof Readable) body.destroy();
      body = undefined;
    }
    // HTTP's rule, which the model leaves out: a ranged answer is 206 Partial Content.
    const status = headers['content-range'] === undefined ? operation.status : 206;
    return { status, headers, ...(body === undefined ? {} : { body }) };
  };
}

/** The statuses whose answers carry no body: S3 sends the status and headers alone. */
const BODILESS = new Set([304]);

/**
 * The REST-XML error: `<Error><Code/><Message/>[BucketName/Key/…][Resource/]<RequestId/>[HostId/]</Error>`,
 * without a namespace (botocore cannot read a namespaced <Error>), and for HEAD or a 304 the status and
 * headers alone, as S3 sends no body there.
 */
export function restXmlError(
  error: AwsError,
  request: { method?: string; requestId: string; resource?: string; hostId?: string },
): WireResponse {
  const headers = { ...idHeaders(request.requestId, request.hostId), ...error.headers };
  if (request.method === 'HEAD' || BODILESS.has(error.statusCode)) {
    headers['content-length'] = 0;
    return { status: error.statusCode, headers };
  }
  const body = Buffer.from(
    xmlDocument('Error', {
      Code: error.code,
      Message: error.message,
      ...error.extra,
      Resource: request.resource,
      RequestId: request.requestId,
      HostId: request.hostId,
    }),
    'utf8',
  );
  headers['content-type'] = 'application/xml';
  headers['content-length'] = body.length;
  return { status: error.statusCode, headers, body };
}
