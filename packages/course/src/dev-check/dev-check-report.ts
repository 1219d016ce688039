/** What `cloudlab dev check` found (also its `--json` output). */
export interface DevCheckReport {
  ok: boolean;
  /** Problems across labs (the same id twice, labs that break each other when graded together). */
  problems: string[];
  labs: LabCheck[];
}

export interface Score {
  score: number;
  maxScore: number;
}

export interface LabCheck {
  id: string;
  folder: string;
  ok: boolean;
  problems: string[];
  solution?: Score;
  starter?: Score;
  todos: TodoVerdict[];
  misconceptions: MisconceptionVerdict[];
  durationMs: number;
}

/** The solution with only region n stubbed: caught when it loses points. */
export interface TodoVerdict extends Score {
  n: number;
  caught: boolean;
}

/**
 * A misconception entry: caught when its variant loses points and, with caught-by, a failing check's title
 * contains it. An entry that could not be applied (or read) is not caught and has no score.
 */
export interface MisconceptionVerdict extends Partial<Score> {
  name: string;
  caught: boolean;
  /** Titles of the checks the variant failed. */
  failed?: string[];
}
