/** Where bundles are kept by default: beside the grader package's sources. */
export declare const BUNDLE_CACHE: string;
/** Imports a TypeScript entry from one esbuild bundle kept fresh in `cacheDir` (see bundled-import.js). */
export declare function importBundled(entry: string, cacheDir?: string): Promise<unknown>;
