export declare function listFiles(root: string): Promise<string[]>;
export declare function planStarter(
  labDir: string,
  exercises: Record<number, string> | Map<number, string>,
  options?: { only?: number },
): Promise<{ files: Map<string, string>; regions: { file: string; n: number; line: number }[] }>;
export declare function writeTree(targetDir: string, files: Map<string, string>): Promise<void>;
export declare function diffTree(
  targetDir: string,
  files: Map<string, string>,
): Promise<{ changed: string[]; missing: string[]; extra: string[] }>;
