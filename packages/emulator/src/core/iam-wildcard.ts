/**
 * IAM's wildcards as a regular expression: `*` any run of characters, `?` exactly one, everything else
 * literal. Used for Action, Resource and the *Like condition operators; compiled once per pattern.
 */
const cache = new Map<string, RegExp>();

export function wildcardRegex(pattern: string, ignoreCase: boolean): RegExp {
  const key = `${ignoreCase ? 'i' : 's'}:${pattern}`;
  let regex = cache.get(key);
  if (!regex) {
    regex = new RegExp(`^${wildcardBody(pattern)}$`, ignoreCase ? 'i' : '');
    cache.set(key, regex);
  }
  return regex;
}

/** The regular expression source of `pattern`, unanchored. */
export const wildcardBody = (pattern: string): string =>
  escapeRegex(pattern).replace(/\\\*/g, '.*').replace(/\\\?/g, '.');

/** `text` to be matched literally inside a regular expression. */
export const escapeRegex = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
