export interface LabExerciseMeta {
  n: number;
  title: string;
  file: string;
}
export interface LabMeta {
  id: string;
  slug: string;
  title: string;
  objectives?: string[];
  exercises: LabExerciseMeta[];
  aws?: { services: string[]; permissions: string[] };
  [key: string]: unknown;
}
export declare function findLabDirs(repoRoot: string): Promise<{ id: string; folder: string; dir: string }[]>;
export declare function loadLabMeta(labDir: string): Promise<LabMeta>;
export declare function exerciseTitles(meta: {
  exercises: { n: number; title: string }[];
}): Map<number, string>;
