/**
 * Imports a TypeScript module (and everything it imports from this workspace) through a Vite module runner;
 * packages from node_modules load natively. Resolves to the module's exports.
 */
export declare function importThroughVite(entry: string): Promise<Record<string, unknown>>;
