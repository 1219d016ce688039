import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const DEFAULT_GLOBAL_SETUP = '@cloudlab/aws-session/vitest-setup';

/**
 * Resolves a package subpath (e.g. `@cloudlab/aws-session/vitest-setup`) from `fromDir` by reading the
 * package's `exports` map. Returns undefined when the package or the subpath is not there, so a lab still
 * grades (without the emulator) while that package is being written or is not installed.
 */
export function resolveExportedFile(specifier: string, fromDir: string): string | undefined {
  const match = /^(@[^/]+\/[^/]+|[^@/][^/]*)(\/.*)?$/.exec(specifier);
  if (!match) return undefined;
  const [, name, rest] = match;
  const subpath = rest ? `.${rest}` : '.';
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const pkgDir = join(dir, 'node_modules', name!);
    const pkgJson = join(pkgDir, 'package.json');
    if (existsSync(pkgJson)) {
      const pkg = JSON.parse(readFileSync(pkgJson, 'utf8')) as { exports?: Record<string, unknown> };
      const target = pickTarget(pkg.exports?.[subpath]);
      return target && existsSync(join(pkgDir, target)) ? join(pkgDir, target) : undefined;
    }
    if (dirname(dir) === dir) return undefined;
  }
}

function pickTarget(entry: unknown): string | undefined {
  if (typeof entry === 'string') return entry;
  if (entry && typeof entry === 'object') {
    const conditions = entry as Record<string, unknown>;
    return pickTarget(conditions.import ?? conditions.node ?? conditions.default);
  }
  return undefined;
}
