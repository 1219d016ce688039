/**
 * What the student copy of the course leaves out: the reference solutions, the instructor's hidden checks,
 * the test manifests (rewritten for the release), and the fixture class of synthetic submissions (it holds
 * the solutions too). The instructor tools themselves stay: they hold no answers, and the workspace needs
 * every package that another one depends on.
 */
const STUDENT_COPY_EXCLUDES: RegExp[] = [
  /^labs\/[^/]+\/solution\//,
  /^labs\/[^/]+\/hidden\//,
  /^labs\/[^/]+\/tests\.sha256$/,
  /^tests\/e2e\/instructor\//,
];

/** The autograder image (Gradescope) needs the hidden checks but never the solutions. */
const AUTOGRADER_EXCLUDES: RegExp[] = [
  /^labs\/[^/]+\/solution\//,
  /^labs\/[^/]+\/tests\.sha256$/,
  /^tests\/e2e\/instructor\//,
];

export function isStudentFile(file: string): boolean {
  return !STUDENT_COPY_EXCLUDES.some((pattern) => pattern.test(file));
}

export function isAutograderFile(file: string): boolean {
  return !AUTOGRADER_EXCLUDES.some((pattern) => pattern.test(file));
}
