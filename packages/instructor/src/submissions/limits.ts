/** Bounds on what one submission may unpack to: a class of zips must not fill the instructor's disk. */
export interface SubmissionLimits {
  maxFiles: number;
  maxTotalBytes: number;
  maxFileBytes: number;
  /** Uncompressed ÷ compressed size above which a zip entry is treated as a zip bomb (entries over 1 MiB). */
  maxRatio: number;
}

export const DEFAULT_LIMITS: SubmissionLimits = {
  maxFiles: 5_000,
  maxTotalBytes: 100 * 1024 * 1024,
  maxFileBytes: 20 * 1024 * 1024,
  maxRatio: 100,
};

/** Folders never copied from a submission: installed packages and VCS data are not the learner's work. */
export const SKIPPED_FOLDERS = new Set(['node_modules', '.git', '__MACOSX', '.cloudlab']);

export class UnsafeSubmissionError extends Error {
  readonly code = 'UnsafeSubmission';
}

export const formatMiB = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
