import { Readable } from 'node:stream';
import type { AwsError } from '../core/aws-error.ts';
import { headerOf, type WireRequest, type WireResponse } from '../core/wire.ts';
import { eventStreamResponse, type StreamEvent } from './event-stream.ts';
import type { MemberModel, OperationModel, RestXmlModel, ShapeModel, TimeFormat } from './rest-xml-model.ts';
import { xmlDocument } from './xml.ts';

/**
 * The REST-XML protocol (S3). `restXmlInput` reads an operation's input members from the query and headers
 * as the service's model binds them. An operation returns its `@aws-sdk/client-*` output shape; this
 * adapter binds it to HTTP as the service's model says (rest-xml-model.ts): members to headers, the payload
 * member to the body, the rest to a document whose root, element and list item names and timestamp formats
 * are the model's, and the operation's status. Every error, the front door's and the service's, is written
 * by `restXmlError`.
 */

/** An operation's input bindings by kind, listed once per operation rather than walked on every request. */
interface InputPlan {
  readonly query: readonly (readonly [member: string, parameter: string])[];
  readonly headers: readonly (readonly [member: string, header: string])[];
  readonly prefixes: readonly (readonly [member: string, prefix: string])[];
}

const inputPlans = new WeakMap<OperationModel, InputPlan>();

function inputPlan(operation: OperationModel): InputPlan {
  let plan = inputPlans.get(operation);
  if (plan === undefined) {
    const query: [string, string][] = [];
    const headers: [string, string][] = [];
    const prefixes: [string, string][] = [];
    for (const [member, binding] of Object.entries(operation.input ?? {})) {
      if ('query' in binding) query.push([member, binding.query]);
      else if ('header' in binding) headers.push([member, binding.header]);
      else prefixes.push([member, binding.headerPrefix]);
    }
    plan = { query, headers, prefixes };
    inputPlans.set(operation, plan);
  }
  return plan;
}

/** Every header with `prefix`, by the rest of its name. */
function prefixed(request: WireRequest, prefix: string): Record<string, string> {
  const members: Record<string, string> = {};
  for (const name of Object.keys(request.headers)) {
    if (!name.startsWith(prefix)) continue;
    const value = headerOf(request, name);
    if (value !== undefined) members[name.slice(prefix.length)] = value;
  }
  return members;
}

/**
 * An operation's input members bound to the query and headers, by the model, each as the text the wire
 * carried (the handler validates it: a number arrives as "5", or as "x"); a prefix binding is a map. A
 * member the request does not carry is left out.
 */
export function restXmlInput(
  model: RestXmlModel,
  operationName: string,
  request: WireRequest,
  query: URLSearchParams,
): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  const operation = model.operations[operationName];
  if (operation === undefined) return input;
  const plan = inputPlan(operation);
  // Most requests carry no query at all: S3's GetObject binds eight parameters it would look up in vain.
  if (query.size > 0) {
    for (const [member, parameter] of plan.query) {
      const value = query.get(parameter);
      if (value !== null) input[member] = value;
    }
  }
  for (const [member, header] of plan.headers) {
    const value = headerOf(request, header);
    if (value !== undefined) input[member] = value;
  }
  for (const [member, prefix] of plan.prefixes) input[member] = prefixed(request, prefix);
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

/** The binding of a member the model does not name: an element of its own name. */
const UNBOUND: MemberModel = {};

/** The shapes whose document is one element of text: the root is named as the shape's only member. */
const textRoots = new WeakMap<ShapeModel, string | null>();
function textRoot(shape: ShapeModel): string | null {
  let answer = textRoots.get(shape);
  if (answer === undefined) {
    const names = Object.keys(shape.members);
    answer = names.length === 1 ? names[0]! : null;
    textRoots.set(shape, answer);
  }
  return answer;
}

/**
 * Serialises structures to the plain objects the XML builder takes, with the model's names: dates already
 * as text and absent members left out, so the builder needs no second pass over them (xml.ts).
 */
class DocumentWriter {
  constructor(private readonly model: RestXmlModel) {}

  structure(
    value: object,
    shapeName: string | undefined,
    out: Record<string, unknown> = {},
  ): Record<string, unknown> {
    const members = shapeName === undefined ? undefined : this.model.shapes[shapeName]?.members;
    for (const name of Object.keys(value)) {
      const child = (value as Record<string, unknown>)[name];
      if (child === undefined) continue;
      const member = members?.[name] ?? UNBOUND;
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
    const content: Record<string, unknown> = { '@_xmlns': xmlns };
    if (shape && textRoot(shape) === root) content['#text'] = (value as Record<string, unknown>)[root] ?? '';
    else this.structure(value, shapeName, content);
    return Buffer.from(xmlDocument(root, content, { normalised: true }), 'utf8');
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
    for (const name of Object.keys(output)) {
      const value = (output as Record<string, unknown>)[name];
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
