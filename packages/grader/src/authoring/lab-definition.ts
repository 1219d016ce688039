/** One numbered exercise of a lab: the student edits `file` (relative to starter/). */
export interface ExerciseDefinition {
  n: number;
  title: string;
  file: string;
}

/** What a live-AWS run needs: the services a lab calls and the IAM actions it uses. */
export interface LabAwsRequirements {
  services: string[];
  permissions: string[];
}

/** The metadata of one lab: the default export of `labs/NN-slug/lab.ts`. */
export interface LabDefinition {
  /** Two digits, e.g. "03". */
  id: string;
  /** kebab-case, e.g. "parameter-store"; the folder is `${id}-${slug}`. */
  slug: string;
  title: string;
  objectives: string[];
  exercises: ExerciseDefinition[];
  aws?: LabAwsRequirements;
}
