import { XMLBuilder } from 'fast-xml-parser';

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  suppressBooleanAttributes: false,
});

/**
 * The emulator's one XML builder (query answers, REST-XML documents and errors): serialises a plain object
 * as XML elements (arrays repeat their element; `@_x` keys become attributes).
 */
export function toXml(value: Record<string, unknown>): string {
  return builder.build(normalise(value)) as string;
}

/**
 * A whole document with its declaration, as REST-XML answers carry it. `normalised`: the value holds no dates
 * and no absent members already (REST-XML's document writer makes it so), and is built as it is.
 */
export function xmlDocument(
  rootName: string,
  value: Record<string, unknown>,
  options: { normalised?: boolean } = {},
): string {
  const root = { [rootName]: value };
  const text = builder.build(options.normalised ? root : normalise(root)) as string;
  return `<?xml version="1.0" encoding="UTF-8"?>\n${text}`;
}

// Dates as ISO 8601 and booleans/numbers as text, the way AWS's XML protocols write them.
function normalise(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(normalise);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) if (child !== undefined) out[key] = normalise(child);
    return out;
  }
  return value;
}
