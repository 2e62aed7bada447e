#!/usr/bin/env bash
# Runs the acceptance tests with Prism between the provider and the emulator, so that every
# request and response is checked against Twilio's OpenAPI description of the Flex API.
# The test process serves the emulator on the upstream port itself; this script only runs
# Prism, and always stops it again.
#
# Environment: PRISM (path to the prism binary, installed by `make conformance`),
# FLEX_SPEC (the OpenAPI file), PROXY_PORT and UPSTREAM_PORT (loopback ports).
set -euo pipefail

: "${PRISM:?set PRISM to the prism binary; make conformance installs it}"
FLEX_SPEC="${FLEX_SPEC:-../shared/twilio-oai/twilio_flex_v1.yaml}"
PROXY_PORT="${PROXY_PORT:-4010}"
UPSTREAM_PORT="${UPSTREAM_PORT:-4011}"
LOG_DIR="${LOG_DIR:-.cache/conformance}"

proxy_url="http://127.0.0.1:${PROXY_PORT}"
prism_log="${LOG_DIR}/prism.log"

if [[ ! -f "${FLEX_SPEC}" ]]; then
	echo "conformance: OpenAPI spec not found at ${FLEX_SPEC}" >&2
	exit 1
fi
if curl -s -o /dev/null "${proxy_url}/"; then
	echo "conformance: something already listens on ${proxy_url}; stop it first" >&2
	exit 1
fi
mkdir -p "${LOG_DIR}"

# setsid puts Prism in a process group of its own, so that stopping the group stops
# anything Prism started as well.
setsid "${PRISM}" proxy "${FLEX_SPEC}" "http://127.0.0.1:${UPSTREAM_PORT}" \
	--errors --host 127.0.0.1 --port "${PROXY_PORT}" >"${prism_log}" 2>&1 &
prism_pid=$!

stop_prism() {
	kill -TERM -- "-${prism_pid}" 2>/dev/null || true
	wait "${prism_pid}" 2>/dev/null || true
}
trap stop_prism EXIT

# Prism answers any path outside the spec with 404 once it is listening.
wait_for_prism() {
	local _
	for _ in $(seq 1 120); do
		if ! kill -0 "${prism_pid}" 2>/dev/null; then
			echo "conformance: Prism exited during startup; its log follows" >&2
			tail -n 40 "${prism_log}" >&2
			return 1
		fi
		if [[ "$(curl -s -o /dev/null -w '%{http_code}' "${proxy_url}/")" != "000" ]]; then
			return 0
		fi
		sleep 0.5
	done
	echo "conformance: Prism did not answer on ${proxy_url} within 60 seconds" >&2
	return 1
}

# Groups what Prism reported, with SIDs masked so that equal findings count together; the
# startup probe of "/" is left out.
summarize_prism_log() {
	echo "--- Prism findings (count, finding) ---"
	grep -E 'Violation:|Request terminated with error' "${prism_log}" \
		| grep -v ' get / ' \
		| sed -E 's/^\[[^]]*\] *//; s/(AC|FP|FV|SK)[0-9a-fA-F]{32}/\1<sid>/g' \
		| sort | uniq -c | sort -rn || echo "none"
}

wait_for_prism
echo "Prism ${proxy_url} -> emulator 127.0.0.1:${UPSTREAM_PORT}, log in ${prism_log}"

status=0
TF_ACC=1 \
	FLEX_CONFORMANCE_PROXY_URL="${proxy_url}" \
	FLEX_CONFORMANCE_UPSTREAM="127.0.0.1:${UPSTREAM_PORT}" \
	go test ./internal/provider/ -count=1 -run "${CONFORMANCE_RUN:-TestAcc}" -timeout 20m || status=$?

summarize_prism_log

# A run in which no API call went through Prism proves nothing about the spec.
if ! grep -q '/v1/PluginService/.*Request received' "${prism_log}"; then
	echo "conformance: no Flex API request reached Prism; the tests bypassed the proxy" >&2
	status=1
fi
exit "${status}"
