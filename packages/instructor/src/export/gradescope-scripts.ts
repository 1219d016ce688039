/**
 * The two scripts of a Gradescope autograder (https://gradescope-autograders.readthedocs.io/en/latest/specs/):
 * `setup.sh` runs once while Gradescope builds the image, `run_autograder` once per submission and must
 * leave /autograder/results/results.json. Every /autograder path can be overridden through the environment
 * so the same script runs on a laptop against a fixture submission (see the export test).
 */

/** The unprivileged account the learner's code runs as; setup.sh creates it. */
export const LEARNER_USER = 'cloudlab-learner';

/** Seconds before run_autograder stops the grader; under Gradescope's default limit of 10 minutes. */
export const DEFAULT_TIME_LIMIT = 540;

export function setupScript(pnpmVersion: string): string {
  return `#!/usr/bin/env bash
# Gradescope runs this once, as root with network access, while it builds the autograder image
# (Ubuntu 22.04). Node 24 LTS from NodeSource, the pinned pnpm with npm (never corepack: Node 25+ no longer
# ships it), the course's locked dependencies, and the account the learner's code will run as.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
apt-get update -y
apt-get install -y --no-install-recommends ca-certificates curl
curl -fsSL https://deb.nodesource.com/setup_24.x | bash -
apt-get install -y --no-install-recommends nodejs
npm install -g pnpm@${pnpmVersion} --no-fund --no-audit
cd /autograder/source/cloudlab
pnpm install --frozen-lockfile
# The grader's own bundle (packages/grader/node_modules/.cache/bundles), built while root may still write it:
# the grade runs as the learner's account, which keeps none and would otherwise compile the CLI each time.
node packages/cli/bin/cloudlab.js grade --help >/dev/null
id -u ${LEARNER_USER} >/dev/null 2>&1 || useradd --system --user-group --no-create-home --shell /usr/sbin/nologin ${LEARNER_USER}
# Only root may change the course: the learner's code reads it, never writes it.
chown -R root:root /autograder/source
chmod -R go-w /autograder/source
`;
}

/**
 * run_autograder, hardened (issue #20, item 6): any results.json from before is removed first; the grader
 * writes into a private folder and its file is moved to results/ only after a clean exit (0: all passed,
 * 1: some checks failed); a time limit stops the grader's whole process group; every way of failing
 * still leaves a results.json that says what happened; as root, the grader — and so the learner's code —
 * runs as an unprivileged user over a course it cannot write.
 */
export function runAutograderScript(labs: readonly { id: string; folder: string }[]): string {
  return `#!/usr/bin/env bash
# Gradescope runs this for every submission. The learner's code replaces the course's starter/ folders,
# then \`cloudlab grade --reporter gradescope\` grades it against the embedded emulator: no AWS account,
# no credentials, no network. Paths can be overridden for a local run (CLOUDLAB_AUTOGRADER_DIR, …).
set -uo pipefail
AUTOGRADER="\${CLOUDLAB_AUTOGRADER_DIR:-/autograder}"
COURSE="\${CLOUDLAB_COURSE_DIR:-$AUTOGRADER/source/cloudlab}"
SUBMISSION="\${CLOUDLAB_SUBMISSION_DIR:-$AUTOGRADER/submission}"
RESULTS="\${CLOUDLAB_RESULTS_DIR:-$AUTOGRADER/results}"
TIME_LIMIT="\${CLOUDLAB_TIME_LIMIT:-${DEFAULT_TIME_LIMIT}}"
LEARNER="\${CLOUDLAB_LEARNER_USER:-${LEARNER_USER}}"
LABS="${labs.map((lab) => lab.id).join(' ')}"
LAB_FOLDERS=(${labs.map((lab) => lab.folder).join(' ')})

mkdir -p "$RESULTS"
# A results.json from before this run (an earlier step, or one planted) must never stand for this grade.
rm -f "$RESULTS/results.json"

# Ends the run with a zero score and the reason (our own words, no quotes: safe inside JSON).
give_up() {
  printf '{"score": 0, "output": "%s", "tests": []}\\n' "$1" > "$RESULTS/results.json"
  exit 0
}

cd "$COURSE" 2>/dev/null || give_up "The grader could not run (no course at the expected place). Nothing in your submission was graded: please tell your instructor."
[ -d "$SUBMISSION" ] || give_up "No submission was found. Upload your lab folder(s) and submit again."

# Accepted layouts per lab folder F (first match): labs/F/starter, F/starter, F — at the submission's root
# or inside one top-level folder; an assignment of one lab also takes the lab's files at the root (or in
# its one top-level folder). Symbolic links are dropped: they could point into the image.
for folder in "\${LAB_FOLDERS[@]}"; do
  lab="labs/$folder"
  candidates=("$SUBMISSION/labs/$folder/starter" "$SUBMISSION/$folder/starter" "$SUBMISSION/$folder" \\
    "$SUBMISSION"/*/labs/"$folder"/starter "$SUBMISSION"/*/"$folder"/starter "$SUBMISSION"/*/"$folder")
  if [ "\${#LAB_FOLDERS[@]}" -eq 1 ]; then
    tops=("$SUBMISSION"/*/)
    if [ "\${#tops[@]}" -eq 1 ] && [ -d "\${tops[0]}" ] && [ -z "$(find "$SUBMISSION" -maxdepth 1 -type f -print -quit)" ]; then
      candidates+=("\${tops[0]%/}")
    fi
    candidates+=("$SUBMISSION")
  fi
  for candidate in "\${candidates[@]}"; do
    if [ -d "$candidate" ]; then
      rm -rf "$lab/starter"
      mkdir -p "$lab/starter"
      cp -R "$candidate/." "$lab/starter/"
      find "$lab/starter" -type l -delete
      from="\${candidate#"$SUBMISSION"}"
      from="\${from#/}"
      echo "cloudlab: graded $folder from \${from:-the root of the submission}"
      break
    fi
  done
done

unset AWS_ENDPOINT_URL AWS_PROFILE AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN
export CLOUDLAB_TARGET=emulator

# The grader's output folder, HOME and TMPDIR: fresh, outside the course and outside results/.
private="$(mktemp -d)"
work="$(mktemp -d)"
trap 'rm -rf "$private" "$work"' EXIT
as_learner=()
if [ "$(id -u)" -eq 0 ]; then
  id -u "$LEARNER" >/dev/null 2>&1 || useradd --system --user-group --no-create-home --shell /usr/sbin/nologin "$LEARNER"
  chown "$LEARNER" "$private" "$work"
  chmod 700 "$private" "$work"
  # The learner's code (and the course around it) belongs to root and is read-only for everyone else.
  chown -R root:root "$COURSE/labs"
  chmod -R go-w "$COURSE/labs"
  # Vite's and Vitest's caches (the bundled config, results) are the only places the grader writes in.
  for folder in "\${LAB_FOLDERS[@]}"; do
    mkdir -p "labs/$folder/node_modules/.vite-temp" "labs/$folder/node_modules/.vite"
    chown -R "$LEARNER" "labs/$folder/node_modules/.vite-temp" "labs/$folder/node_modules/.vite"
  done
  chmod 755 "$RESULTS"
  as_learner=(setpriv --reuid="$(id -u "$LEARNER")" --regid="$(id -g "$LEARNER")" --clear-groups --inh-caps=-all --)
else
  echo "cloudlab: not root, so the learner's code runs as $(id -un) (on Gradescope it runs as $LEARNER)"
fi
# No process the learner's code starts may outlive the grader: one left behind could rewrite the report
# before it is moved. A PID namespace where the kernel allows one (all of it ends with the grader), else
# the dedicated account's processes are killed after grading.
own_pids=()
unshare --pid --fork --kill-child true 2>/dev/null && own_pids=(unshare --pid --fork --kill-child)

# timeout signals the whole process group (Vitest's workers and whatever the learner's code started).
# shellcheck disable=SC2086 # LABS is a list of lab ids
HOME="$work" TMPDIR="$work" timeout --kill-after=10s "\${TIME_LIMIT}s" "\${own_pids[@]}" \\
  "\${as_learner[@]}" node packages/cli/bin/cloudlab.js grade $LABS --reporter gradescope --out "$private/results.json"
status=$?
if [ "\${#own_pids[@]}" -eq 0 ] && [ "\${#as_learner[@]}" -gt 0 ] && [ "$LEARNER" = ${LEARNER_USER} ]; then
  pkill -KILL -u "$LEARNER"
fi

case "$status" in
  0 | 1) ;;
  124 | 137) give_up "Grading stopped at the time limit of \${TIME_LIMIT} seconds: something in your code never finishes (a loop, or a promise that never settles). No points were given; fix it and submit again." ;;
  *) give_up "The grader could not run (exit code $status). Nothing in your submission was graded: please tell your instructor." ;;
esac
# Only a complete report is moved into results/.
node -e '
  const r = JSON.parse(require("node:fs").readFileSync(process.argv[1], "utf8"));
  if (typeof r.score !== "number" || typeof r.max_score !== "number" || !Array.isArray(r.tests)) process.exit(1);
' "$private/results.json" 2>/dev/null ||
  give_up "The grader finished without a complete report. Nothing in your submission was graded: please tell your instructor."
mv "$private/results.json" "$RESULTS/results.json"
exit 0
`;
}
