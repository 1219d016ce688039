import type {
  InputBinding,
  MemberModel,
  OperationModel,
  RestXmlModel,
  ShapeModel,
  TimeFormat,
} from './rest-xml-model.ts';

/**
 * Reads the input and output bindings of a REST-XML client's operations from the static Smithy schemas the AWS SDK v3
 * clients export (`ListObjectsV2$`, `ListObjectsV2Output$`, …) into a RestXmlModel. Used where the SDK is
 * installed (the S3 model's writer and its test), never at run time: the SDK clients are dev dependencies.
 * Schema arrays: [kind, namespace, name, traits, …]; kind 0 simple, 1 list, 2 map, 3 structure, 4 union,
 * 9 operation. A member is a schema reference, or [reference, traits]; traits are an object or a bit mask.
 */

type Ref = number | (() => unknown) | unknown[];
type Traits = Record<string, unknown>;

const INDEXED_TRAITS = ['httpLabel', 'idempotent', 'idempotencyToken', 'sensitive', 'httpPayload'];

function traitsOf(indicator: unknown): Traits {
  if (typeof indicator === 'object' && indicator !== null) return indicator as Traits;
  const traits: Traits = {};
  const bits = Number(indicator) | 0;
  INDEXED_TRAITS.forEach((name, bit) => {
    if ((bits >> bit) & 1) traits[name] = 1;
  });
  if ((bits >> 5) & 1) traits.httpResponseCode = 1;
  return traits;
}

/** A member entry as its target and traits. */
function member(entry: unknown): { target: unknown; traits: Traits } {
  if (Array.isArray(entry) && entry.length === 2 && typeof entry[1] !== 'string')
    return { target: resolve(entry[0] as Ref), traits: traitsOf(entry[1]) };
  return { target: resolve(entry as Ref), traits: {} };
}

function resolve(ref: Ref): unknown {
  return typeof ref === 'function' ? ref() : ref;
}

/** A simple schema ([0, ns, name, traits, type]) as its type number and traits. */
function simple(target: unknown): { type: number | unknown[]; traits: Traits } {
  if (Array.isArray(target) && target[0] === 0)
    return { type: resolve(target[4] as Ref) as number, traits: traitsOf(target[3]) };
  return { type: target as number | unknown[], traits: {} };
}

function timeFormat(type: number, inHeader: boolean): TimeFormat | undefined {
  if (type === 4) return inHeader ? 'http-date' : 'date-time';
  if (type === 5) return 'date-time';
  if (type === 6) return 'http-date';
  if (type === 7) return 'epoch-seconds';
  return undefined;
}

/** An input structure's members bound to the query and headers. */
function inputBindings(schema: unknown[]): Record<string, InputBinding> {
  const bindings: Record<string, InputBinding> = {};
  if (!Array.isArray(schema) || schema[0] !== 3) return bindings;
  const names = schema[4] as string[];
  (schema[5] as unknown[]).forEach((entry, index) => {
    const { traits } = member(entry);
    const name = names[index] as string;
    if (traits.httpQuery !== undefined) bindings[name] = { query: String(traits.httpQuery) };
    else if (traits.httpHeader !== undefined)
      bindings[name] = { header: String(traits.httpHeader).toLowerCase() };
    else if (traits.httpPrefixHeaders !== undefined)
      bindings[name] = { headerPrefix: String(traits.httpPrefixHeaders).toLowerCase() };
  });
  return bindings;
}

export function readRestXmlModel(
  schemas: Readonly<Record<string, unknown>>,
  operationNames: readonly string[],
): RestXmlModel {
  const operations: Record<string, OperationModel> = {};
  const shapes: Record<string, ShapeModel> = {};

  const structure = (schema: unknown[]): string => {
    const name = schema[2] as string;
    if (shapes[name]) return name;
    const traits = traitsOf(schema[3]);
    const members: Record<string, MemberModel> = {};
    shapes[name] = { ...(traits.xmlName ? { xmlName: String(traits.xmlName) } : {}), members };
    const names = schema[4] as string[];
    (schema[5] as unknown[]).forEach((entry, index) => {
      members[names[index] as string] = memberModel(member(entry));
    });
    return name;
  };

  const memberModel = ({ target, traits }: { target: unknown; traits: Traits }): MemberModel => {
    const header = traits.httpHeader === undefined ? undefined : String(traits.httpHeader).toLowerCase();
    const out: Record<string, unknown> = {};
    if (header) out.header = header;
    if (traits.httpPrefixHeaders !== undefined) out.prefixHeaders = String(traits.httpPrefixHeaders);
    if (traits.xmlName !== undefined) out.xmlName = String(traits.xmlName);
    if (traits.xmlFlattened) out.flattened = true;
    const { type } = simple(target);
    if (traits.httpPayload) {
      if (Array.isArray(type) && type[0] === 3) out.payload = 'structure';
      else if (Array.isArray(type) && type[0] === 4) out.payload = 'events';
      else out.payload = 'blob';
    }
    if (typeof type === 'number') {
      const time = timeFormat(type, header !== undefined);
      if (time) out.time = time;
      // 64 | x is a list of simple x (a list of strings, say), without a schema of its own.
      if (type >= 64 && type < 128) out.list = {};
    } else if (Array.isArray(type)) {
      if (type[0] === 3) out.shape = structure(type);
      if (type[0] === 1) {
        const item = member(type[4]);
        const itemType = simple(item.target).type;
        out.list = {
          ...(item.traits.xmlName !== undefined ? { xmlName: String(item.traits.xmlName) } : {}),
          ...(Array.isArray(itemType) && itemType[0] === 3 ? { shape: structure(itemType) } : {}),
          ...(typeof itemType === 'number' && timeFormat(itemType, false)
            ? { time: timeFormat(itemType, false) }
            : {}),
        };
      }
    }
    return out as MemberModel;
  };

  for (const name of operationNames) {
    const operation = schemas[`${name}$`] as unknown[] | undefined;
    if (operation?.[0] !== 9) throw new Error(`the SDK has no operation ${name}`);
    const http = traitsOf(operation[3]).http as [string, string, number];
    const output = resolve(operation[5] as Ref) as unknown[];
    const isUnit = !Array.isArray(output) || output[0] !== 3;
    const input = inputBindings(resolve(operation[4] as Ref) as unknown[]);
    operations[name] = {
      status: http[2],
      ...(Object.keys(input).length > 0 ? { input } : {}),
      ...(isUnit ? {} : { output: structure(output) }),
    };
  }
  return { operations, shapes };
}
