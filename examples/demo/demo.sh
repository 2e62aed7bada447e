#!/usr/bin/env bash
# Runs the provider end to end against the local Flex API emulator: build, start the
# emulator, apply, read back, check that a second plan is empty, destroy, stop.
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
emulator_pid=""

cleanup() {
  if [[ -n "$emulator_pid" ]]; then
    kill "$emulator_pid" 2>/dev/null || true
    wait "$emulator_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

step "Building the provider and the emulator"
go build -C "$repo" -o "$work/bin/terraform-provider-twilio" .
go build -C "$repo" -o "$work/bin/flexemulator" ./internal/cmd/flexemulator

step "Starting the Flex API emulator on loopback"
"$work/bin/flexemulator" -seed-plugin demo-plugin -ready-file "$work/ready" \
  >"$work/emulator.env" 2>"$work/emulator.log" &
emulator_pid=$!
for _ in $(seq 100); do
  [[ -s "$work/ready" ]] && break
  kill -0 "$emulator_pid" 2>/dev/null || { cat "$work/emulator.log"; exit 1; }
  sleep 0.1
done
[[ -s "$work/ready" ]] || { echo "the emulator did not start" >&2; exit 1; }
set -a
# shellcheck disable=SC1091
source "$work/emulator.env"
set +a
echo "Flex API emulator at $TWILIO_FLEX_API_URL with plugin demo-plugin ($FLEX_PLUGIN_SID_DEMO_PLUGIN)"

step "Pointing Terraform at the freshly built provider"
cat >"$work/terraformrc" <<RC
provider_installation {
  dev_overrides {
    "registry.terraform.io/flexplugins/twilio" = "$work/bin"
  }
  direct {}
}
RC
export TF_CLI_CONFIG_FILE="$work/terraformrc" TF_IN_AUTOMATION=1
mkdir "$work/config"
cp "$repo/examples/demo/main.tf" "$work/config/"
cd "$work/config"

step "terraform apply"
terraform apply -auto-approve -input=false

step "terraform output"
terraform output

step "A second plan is empty"
if terraform plan -input=false -detailed-exitcode >"$work/plan.log" 2>&1; then
  echo "No changes: the configuration matches the emulator."
else
  cat "$work/plan.log"
  echo "the second plan was not empty" >&2
  exit 1
fi

step "terraform destroy (archives both versions)"
terraform destroy -auto-approve -input=false

step "Done; the emulator is stopped and the temporary directory removed"
