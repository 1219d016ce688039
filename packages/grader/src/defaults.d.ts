export declare const DEFAULT_CHECK_TIMEOUT_MS: number;
export declare const CANARY_ENV: 'CLOUDLAB_CANARY';
