/**
 * A learner id becomes a file name in the output folder (`results/<id>.json`) and part of AWS resource
 * names, so it is checked, never "cleaned up" into something that could collide with another learner.
 */
const LEARNER_ID = /^[A-Za-z0-9][A-Za-z0-9._@+-]{0,63}$/;

export function learnerIdProblem(id: string): string | undefined {
  if (LEARNER_ID.test(id) && !id.includes('..')) return undefined;
  return `"${id}" is not a usable learner id — use 1–64 letters, digits and . _ @ + - (starting with a letter or digit)`;
}

/** The same learner on a case-insensitive file system: `Alice` and `alice` are duplicates. */
export function learnerKey(id: string): string {
  return id.toLowerCase();
}

/**
 * The learner's part of AWS resource names (`cloudlab-<learner>-<lab>-…`): S3 bucket names allow only
 * lowercase letters, digits and hyphens. A short hash keeps two ids that map to the same text apart.
 */
export function resourceLearnerName(id: string, hash: string): string {
  const text = id
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 12);
  return `${text || 'learner'}-${hash.slice(0, 6)}`;
}
