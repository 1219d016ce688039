// Plain JS so both the JS config entry (vitest.js) and the TS check() share one value.
/** Default per-check time limit: generous for a real AWS round trip, short enough for a student to wait. */
export const DEFAULT_CHECK_TIMEOUT_MS = 10_000;
