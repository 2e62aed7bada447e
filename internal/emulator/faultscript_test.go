package emulator_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/flexplugins/terraform-provider-twilio/internal/emulator"
)

func TestLoadFaults(t *testing.T) {
	script := `[
	  {"method": "POST", "path": "/v1/PluginService/Plugins/*/Versions", "status": 503,
	   "code": 20503, "message": "Service unavailable", "retry_after": "2", "times": 1},
	  {"delay": "1.5s", "drop": "after_act"},
	  {"body": "truncated"},
	  {"status": 502, "body": "html", "drop": "none"}
	]`
	file := filepath.Join(t.TempDir(), "faults.json")
	if err := os.WriteFile(file, []byte(script), 0o600); err != nil {
		t.Fatal(err)
	}
	got, err := emulator.LoadFaults(file)
	if err != nil {
		t.Fatalf("LoadFaults: %v", err)
	}
	want := []emulator.Fault{
		{Method: "POST", Path: "/v1/PluginService/Plugins/*/Versions", Status: 503, Code: 20503,
			Message: "Service unavailable", RetryAfter: "2", Times: 1},
		{Delay: 1500 * time.Millisecond, Drop: emulator.DropAfterAct},
		{Body: emulator.BodyTruncated},
		{Status: 502, Body: emulator.BodyHTML},
	}
	if len(got) != len(want) {
		t.Fatalf("loaded %d faults, want %d", len(got), len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("fault %d = %+v, want %+v", i, got[i], want[i])
		}
	}
}

func TestParseFaultsRejectsMistakes(t *testing.T) {
	cases := map[string]string{
		`[{"stauts": 500}]`:          "unknown field",
		`[{"delay": "soon"}]`:        "delay",
		`[{"delay": "-1s"}]`:         "delay",
		`[{"drop": "sometimes"}]`:    "drop mode",
		`[{"body": "xml"}]`:          "body mode",
		`[{"status": 42}]`:           "status",
		`[{"times": -1}]`:            "times",
		`[{"path": "/v1/[Plugins"}]`: "pattern",
		`{"status": 500}`:            "decoding",
	}
	for script, wantText := range cases {
		_, err := emulator.ParseFaults([]byte(script))
		if err == nil || !strings.Contains(err.Error(), wantText) {
			t.Errorf("ParseFaults(%s) = %v, want an error mentioning %q", script, err, wantText)
		}
	}
	if _, err := emulator.LoadFaults(filepath.Join(t.TempDir(), "missing.json")); err == nil {
		t.Error("LoadFaults of a missing file succeeded")
	}
}
