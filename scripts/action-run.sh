#!/usr/bin/env bash
# The run step of action.yml: turns the action's inputs into SEAFILE_* settings (passwords masked in the
# log), runs `seafile-conformance test`, writes the verdict to the step's outputs and summary.md to the
# job summary, and exits with the suite's exit code. tests/cli/action.test.ts runs it as the action does.
set -euo pipefail

: "${INPUT_TARGET:?the target input is required}"
: "${INPUT_USERS:?the users input is required (EMAIL:PASSWORD, one a line)}"

accounts=()
while IFS= read -r line; do
  line="${line#"${line%%[![:space:]]*}"}"
  line="${line%"${line##*[![:space:]]}"}"
  [ -n "$line" ] && accounts+=("$line")
done <<< "$INPUT_USERS"

names=(SEAFILE_USER SEAFILE_USER2 SEAFILE_ADMIN_USER)
secrets=(SEAFILE_PASSWORD SEAFILE_PASSWORD2 SEAFILE_ADMIN_PASSWORD)
for i in "${!accounts[@]}"; do
  [ "$i" -lt 3 ] || { echo "::error::users: at most three accounts (user, user2, admin)"; exit 2; }
  entry="${accounts[$i]}"
  [[ "$entry" == *:* ]] || { echo "::error::users: line $((i + 1)) is not EMAIL:PASSWORD"; exit 2; }
  password="${entry#*:}"
  echo "::add-mask::$password"
  export "${names[$i]}=${entry%%:*}" "${secrets[$i]}=$password"
done

export SEAFILE_TARGET="$INPUT_TARGET"
export SEAFILE_LEVEL="${INPUT_LEVEL:-core}"
export SEAFILE_REPORTS="${INPUT_REPORTS:-seafile-conformance-reports}"
[ -z "${INPUT_KNOWN_FAILURES:-}" ] || export SEAFILE_KNOWN_FAILURES="$INPUT_KNOWN_FAILURES"
[ -z "${INPUT_GREP:-}" ] || export SEAFILE_GREP="$INPUT_GREP"

status=0
node "$GITHUB_ACTION_PATH/bin/seafile-conformance.mjs" test || status=$?

verdict=$([ "$status" -eq 0 ] && echo pass || echo fail)
[ -z "${GITHUB_OUTPUT:-}" ] || echo "verdict=$verdict" >> "$GITHUB_OUTPUT"
if [ -n "${GITHUB_STEP_SUMMARY:-}" ] && [ -f "$SEAFILE_REPORTS/summary.md" ]; then
  cat "$SEAFILE_REPORTS/summary.md" >> "$GITHUB_STEP_SUMMARY"
fi
exit "$status"
