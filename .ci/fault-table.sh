#!/usr/bin/env bash
# Runs the fault-injection acceptance suite and the end-to-end load test, and prints the
# markdown table of their outcomes that the README shows. Each test logs one FAULTROW
# line: the fault, whether each plugin version was created exactly once, whether state
# matched the server through the lifecycle, and the lifecycle's wall time in seconds.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

log="$(mktemp)"
trap 'rm -f "${log}"' EXIT

status=0
TF_ACC=1 go test ./internal/provider ./internal/e2e -count=1 -v -timeout 15m \
	-run 'TestAccFault_lifecycle|TestLoad_' >"${log}" 2>&1 || status=$?

echo "| fault injected | created once | state correct | time (s) |"
echo "|---|---|---|---|"
grep -o 'FAULTROW | .*' "${log}" | sed -e 's/^FAULTROW //' -e 's/$/ |/'

if ((status != 0)); then
	echo "the suite failed; its output follows" >&2
	grep -E -- '--- FAIL|Error' "${log}" >&2 || true
fi
exit "${status}"
