/**
 * S3 lists keys in UTF-8 byte order. JavaScript compares UTF-16 code units, which disagrees for
 * characters above U+FFFF (surrogates, 0xD800–0xDFFF) versus U+E000–U+FFFF. Shifting those two ranges
 * makes code-unit order equal code-point order, which equals UTF-8 byte order — without encoding.
 */
function weight(unit: number): number {
  if (unit >= 0xd800 && unit <= 0xdfff) return unit + 0x2000;
  if (unit >= 0xe000) return unit - 0x800;
  return unit;
}

export function compareKeys(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return weight(x) - weight(y);
  }
  return a.length - b.length;
}
