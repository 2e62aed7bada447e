package tfrun

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestNewWorkspaceWritesOverride(t *testing.T) {
	t.Setenv("TF_ACC_TERRAFORM_PATH", "/bin/true")
	binDir := t.TempDir()
	w, err := NewWorkspace(t.TempDir(), filepath.Join(binDir, BinaryName))
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(w.Dir, ".terraformrc"))
	if err != nil {
		t.Fatal(err)
	}
	want := `"registry.terraform.io/flexplugins/twilio" = "` + binDir + `"`
	if !strings.Contains(string(data), want) {
		t.Errorf("CLI configuration lacks %s:\n%s", want, data)
	}
}

func TestEnvironKeepsProviderSettingsOut(t *testing.T) {
	t.Setenv("TF_ACC_TERRAFORM_PATH", "/bin/true")
	t.Setenv("TWILIO_AUTH_TOKEN", "from-the-parent")
	t.Setenv("TF_LOG", "TRACE")
	w, err := NewWorkspace(t.TempDir(), "/nowhere/"+BinaryName)
	if err != nil {
		t.Fatal(err)
	}
	w.SetEnv("TF_LOG", "ERROR")
	env := w.environ()
	for _, kv := range env {
		if strings.HasPrefix(kv, "TWILIO_") {
			t.Errorf("workspace passes %s on from the parent", kv)
		}
	}
	if !slices.Contains(env, "TF_LOG=ERROR") || slices.Contains(env, "TF_LOG=TRACE") {
		t.Errorf("TF_LOG is not the workspace's own: %v", env)
	}
	if !slices.Contains(env, "TF_CLI_CONFIG_FILE="+filepath.Join(w.Dir, ".terraformrc")) {
		t.Errorf("TF_CLI_CONFIG_FILE does not name the workspace's CLI configuration")
	}
}

func TestResultSucceeded(t *testing.T) {
	cases := []struct {
		args []string
		code int
		want bool
	}{
		{[]string{"apply"}, 0, true},
		{[]string{"apply"}, 1, false},
		{[]string{"plan"}, 2, false},
		{[]string{"plan", "-detailed-exitcode"}, 2, true},
		{[]string{"plan", "-detailed-exitcode"}, 1, false},
	}
	for _, c := range cases {
		if got := (Result{Args: c.args, ExitCode: c.code}).Succeeded(); got != c.want {
			t.Errorf("%v exit %d: Succeeded() = %v, want %v", c.args, c.code, got, c.want)
		}
	}
}

func TestExecReportsExitCode(t *testing.T) {
	script := filepath.Join(t.TempDir(), "fake-terraform")
	if err := os.WriteFile(script, []byte("#!/bin/sh\necho \"args:$*\"\nexit 3\n"), 0o700); err != nil {
		t.Fatal(err)
	}
	t.Setenv("TF_ACC_TERRAFORM_PATH", script)
	w, err := NewWorkspace(t.TempDir(), "/nowhere/"+BinaryName)
	if err != nil {
		t.Fatal(err)
	}
	r, err := w.Exec(t.Context(), "plan", "-no-color")
	if err != nil {
		t.Fatal(err)
	}
	if r.ExitCode != 3 || strings.TrimSpace(r.Stdout) != "args:plan -no-color" {
		t.Errorf("got exit %d and stdout %q", r.ExitCode, r.Stdout)
	}
}
