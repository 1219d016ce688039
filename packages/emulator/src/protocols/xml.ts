import { XMLBuilder } from 'fast-xml-parser';

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  suppressBooleanAttributes: false,
});

/** Serialises a plain object as XML elements (arrays repeat their element; `@_x` keys become attributes). */
export function toXml(value: Record<string, unknown>): string {
  return builder.build(normalise(value)) as string;
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
