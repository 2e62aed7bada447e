package tfrun

import (
	"context"
	"strings"
	"testing"
)

// BuildProvider builds the provider into a directory of the test's and returns the
// binary's path.
func BuildProvider(t testing.TB) string {
	t.Helper()
	root, err := ModuleRoot()
	if err != nil {
		t.Fatal(err)
	}
	binary, err := Build(context.Background(), root, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	return binary
}

// TestWorkspace is a Workspace whose methods fail the test instead of returning errors.
type TestWorkspace struct {
	*Workspace
}

// NewTestWorkspace prepares a workspace in a directory of the test's.
func NewTestWorkspace(t testing.TB, providerBinary string) TestWorkspace {
	t.Helper()
	w, err := NewWorkspace(t.TempDir(), providerBinary)
	if err != nil {
		t.Fatal(err)
	}
	return TestWorkspace{w}
}

// WriteConfig replaces the configuration or fails the test.
func (w TestWorkspace) WriteConfig(t testing.TB, config string) {
	t.Helper()
	if err := w.Workspace.WriteConfig(config); err != nil {
		t.Fatal(err)
	}
}

// Run runs terraform and fails the test at once unless the command succeeded (see
// Result.Succeeded).
func (w TestWorkspace) Run(t testing.TB, args ...string) Result {
	t.Helper()
	r, err := w.Exec(t.Context(), args...)
	if err != nil {
		t.Fatal(err)
	}
	if !r.Succeeded() {
		t.Fatalf("terraform %s exited %d\nstdout:\n%s\nstderr:\n%s",
			strings.Join(args, " "), r.ExitCode, r.Stdout, r.Stderr)
	}
	return r
}
