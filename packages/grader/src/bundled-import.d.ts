/** Where bundles are kept by default: beside the grader package's sources. */
export declare const BUNDLE_CACHE: string;
/** The file URL of a fresh bundle of `entry` in `cacheDir`; undefined where `cacheDir` cannot be written. */
export declare function bundleFor(entry: string, cacheDir?: string): Promise<string | undefined>;
/** `bundleFor`, imported; undefined where no bundle can be kept (see bundled-import.js). */
export declare function importBundled(entry: string, cacheDir?: string): Promise<unknown>;
