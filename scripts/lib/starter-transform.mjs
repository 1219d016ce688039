// @ts-check
/**
 * Turns a solution file into its starter: every `BEGIN SOLUTION n` … `END SOLUTION` region becomes a stub
 * that tells the student which exercise to write. Hand-written because the nbgrader-style marker format
 * is ours (no library implements it for TypeScript) and the transform is a few lines of line scanning.
 *
 * Markers are whole lines: `// BEGIN SOLUTION 3` / `// END SOLUTION` in TypeScript and JavaScript,
 * `# BEGIN SOLUTION 3` / `# END SOLUTION` in YAML and shell files.
 */

/** Comment leader per file extension; files with other extensions are copied verbatim. */
const COMMENT_BY_EXTENSION = {
  '.ts': '//',
  '.mts': '//',
  '.cts': '//',
  '.tsx': '//',
  '.js': '//',
  '.mjs': '//',
  '.cjs': '//',
  '.yaml': '#',
  '.yml': '#',
  '.sh': '#',
};

/** A marker problem, reported as `file:line: message` so an author can jump to it. */
export class StarterMarkerError extends Error {
  /**
   * @param {string} file
   * @param {number} line 1-based
   * @param {string} message
   */
  constructor(file, line, message) {
    super(`${file}:${line}: ${message}`);
    this.name = 'StarterMarkerError';
    this.file = file;
    this.line = line;
  }
}

/** @param {string} file */
export function commentLeaderFor(file) {
  const dot = file.lastIndexOf('.');
  const extension = dot === -1 ? '' : file.slice(dot);
  return /** @type {Record<string, string>} */ (COMMENT_BY_EXTENSION)[extension];
}

/**
 * The stub line for exercise n. TypeScript stubs throw, so a function whose body is stubbed still
 * typechecks against its declared return type (a `throw` has type never).
 * @param {string} leader
 * @param {string} indent
 * @param {number} n
 * @param {string} title
 */
export function stubLine(leader, indent, n, title) {
  const text = `TODO(${n}): ${title} — see README.md, exercise ${n}`;
  if (leader === '#') return `${indent}# ${text}`;
  const quoted = text.replaceAll('\\', '\\\\').replaceAll("'", "\\'");
  return `${indent}throw new Error('${quoted}');`;
}

/**
 * @param {string} source the solution file's text
 * @param {{ file: string, exercises: Record<number, string> | Map<number, string>, only?: number }} options
 *   `exercises` maps exercise numbers to titles; `only` stubs just that exercise's regions and keeps the
 *   solution elsewhere (dev check grades such a variant to prove each TODO is caught by some check).
 * @returns {{ text: string, regions: { n: number, line: number }[] }}
 */
export function toStarter(source, { file, exercises, only }) {
  const titles =
    exercises instanceof Map ? exercises : new Map(Object.entries(exercises).map(([k, v]) => [Number(k), v]));
  const leader = commentLeaderFor(file);
  if (!leader) return { text: source, regions: [] };
  const escaped = leader.replace(/[/]/g, '\\/');
  const begin = new RegExp(`^(\\s*)${escaped}\\s*BEGIN SOLUTION\\b\\s*(.*)$`);
  const end = new RegExp(`^\\s*${escaped}\\s*END SOLUTION\\b`);

  const lines = source.split('\n');
  /** @type {string[]} */
  const out = [];
  /** @type {{ n: number, line: number }[]} */
  const regions = [];
  /** @type {{ n: number, line: number, stub: boolean } | undefined} */
  let open;
  lines.forEach((line, index) => {
    const lineNo = index + 1;
    const beginMatch = begin.exec(line);
    if (beginMatch) {
      if (open)
        throw new StarterMarkerError(
          file,
          lineNo,
          `BEGIN SOLUTION inside the region opened on line ${open.line}; close it with END SOLUTION first`,
        );
      const label = (beginMatch[2] ?? '').trim();
      if (!/^\d+$/.test(label))
        throw new StarterMarkerError(
          file,
          lineNo,
          `BEGIN SOLUTION needs an exercise number, e.g. "${leader} BEGIN SOLUTION 1"`,
        );
      const n = Number(label);
      const title = titles.get(n);
      if (title === undefined) {
        const known = [...titles.keys()].join(', ') || 'none';
        throw new StarterMarkerError(
          file,
          lineNo,
          `exercise ${n} is not declared in lab.ts (declared: ${known})`,
        );
      }
      const stub = only === undefined || only === n;
      open = { n, line: lineNo, stub };
      regions.push({ n, line: lineNo });
      if (stub) out.push(stubLine(leader, beginMatch[1] ?? '', n, title));
      return;
    }
    if (end.test(line)) {
      if (!open)
        throw new StarterMarkerError(file, lineNo, 'END SOLUTION without a BEGIN SOLUTION before it');
      open = undefined;
      return;
    }
    if (!open?.stub) out.push(line);
  });
  if (open)
    throw new StarterMarkerError(file, open.line, 'BEGIN SOLUTION is never closed; add an END SOLUTION line');
  return { text: out.join('\n'), regions };
}
