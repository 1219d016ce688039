export declare class StarterMarkerError extends Error {
  readonly file: string;
  readonly line: number;
  constructor(file: string, line: number, message: string);
}
export declare function commentLeaderFor(file: string): string | undefined;
export declare function stubLine(leader: string, indent: string, n: number, title: string): string;
export declare function toStarter(
  source: string,
  options: { file: string; exercises: Record<number, string> | Map<number, string>; only?: number },
): { text: string; regions: { n: number; line: number }[] };
