/** The emulator module (its bundle or its sources), typed as unknown: the caller checks the shape it needs (see emulator-import.js). */
export declare function importEmulator(): Promise<unknown>;
