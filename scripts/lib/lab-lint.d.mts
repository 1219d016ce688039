export declare const LAB_ENTRIES: Set<string>;
export declare function lintLab(
  lab: { dir: string; folder: string },
  meta: { id: string; slug: string; exercises: { n: number; title: string; file: string }[] },
): Promise<string[]>;
export declare function lintCatalog(labs: { folder: string; id: string }[]): string[];
