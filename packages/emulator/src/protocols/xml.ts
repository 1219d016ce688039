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

/** A whole document with its declaration, as REST-XML answers carry it. */
export function xmlDocument(rootName: string, value: Record<string, unknown>): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${toXml({ [rootName]: value })}`;
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
