/**
 * The two scripts of a Gradescope autograder (https://gradescope-autograders.readthedocs.io/en/latest/specs/):
 * `setup.sh` runs once while Gradescope builds the image, `run_autograder` once per submission and must
 * leave /autograder/results/results.json. Every /autograder path can be overridden through the environment
 * so the same script runs on a laptop against a fixture submission (see the export test).
 */
export function setupScript(pnpmVersion: string): string {
  return `#!/usr/bin/env bash
# Gradescope runs this once, as root with network access, while it builds the autograder image.
set -euo pipefail
apt-get update -y
apt-get install -y --no-install-recommends ca-certificates curl
curl -fsSL https://deb.nodesource.com/setup_20.x | bash -
apt-get install -y --no-install-recommends nodejs
corepack enable
corepack prepare pnpm@${pnpmVersion} --activate
cd /autograder/source/cloudlab
pnpm install --frozen-lockfile
`;
}

export function runAutograderScript(labIds: readonly string[]): string {
  return `#!/usr/bin/env bash
# Gradescope runs this for every submission. The learner's code replaces the course's starter/ folders,
# then \`cloudlab grade --reporter gradescope\` grades it against the embedded emulator: no AWS account,
# no credentials, no network. Paths can be overridden for a local run (CLOUDLAB_AUTOGRADER_DIR, …).
set -uo pipefail
AUTOGRADER="\${CLOUDLAB_AUTOGRADER_DIR:-/autograder}"
COURSE="\${CLOUDLAB_COURSE_DIR:-$AUTOGRADER/source/cloudlab}"
SUBMISSION="\${CLOUDLAB_SUBMISSION_DIR:-$AUTOGRADER/submission}"
RESULTS="\${CLOUDLAB_RESULTS_DIR:-$AUTOGRADER/results}"
LABS="${labIds.join(' ')}"
mkdir -p "$RESULTS"
cd "$COURSE" || exit 2

# Accepted layouts per lab folder F (first match): labs/F/starter, F/starter, F — at the submission's root
# or inside one top-level folder. Symbolic links are dropped: they could point into the image.
for lab in labs/*/; do
  folder="$(basename "$lab")"
  for candidate in "$SUBMISSION/labs/$folder/starter" "$SUBMISSION/$folder/starter" "$SUBMISSION/$folder" \\
    "$SUBMISSION"/*/labs/"$folder"/starter "$SUBMISSION"/*/"$folder"/starter; do
    if [ -d "$candidate" ]; then
      rm -rf "$lab/starter"
      mkdir -p "$lab/starter"
      cp -R "$candidate/." "$lab/starter/"
      find "$lab/starter" -type l -delete
      echo "cloudlab: graded $folder from \${candidate#"$SUBMISSION"/}"
      break
    fi
  done
done

unset AWS_ENDPOINT_URL AWS_PROFILE AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN
export CLOUDLAB_TARGET=emulator
# shellcheck disable=SC2086 # LABS is a list of lab ids
pnpm --silent cloudlab grade $LABS --reporter gradescope --out "$RESULTS/results.json"
status=$?
if [ ! -s "$RESULTS/results.json" ]; then
  cat > "$RESULTS/results.json" <<JSON
{"score": 0, "output": "The grader could not run (exit code $status). Nothing in your submission was graded: please tell your instructor.", "tests": []}
JSON
fi
exit 0
`;
}
