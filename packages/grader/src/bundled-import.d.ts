/** Where bundles are kept by default: beside the grader package's sources. */
export declare const BUNDLE_CACHE: string;
/** The file URL of a fresh bundle of `entry` in `cacheDir`; undefined where `cacheDir` cannot be written. */
export declare function bundleFor(entry: string, cacheDir?: string): Promise<string | undefined>;
