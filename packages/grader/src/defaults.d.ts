export declare const DEFAULT_CHECK_TIMEOUT_MS: number;
