// Package tfrun runs the Terraform CLI against a freshly built provider, the way a user's
// machine does: the binary is picked up through a CLI configuration with dev_overrides,
// so no registry is involved and no init is needed. End-to-end tests and the benchmark
// harness both use it.
package tfrun

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// ProviderAddress is the source address the built provider overrides.
const ProviderAddress = "registry.terraform.io/flexplugins/twilio"

// BinaryName is the provider's executable name, as Terraform looks it up in an override
// directory.
const BinaryName = "terraform-provider-twilio"

// TerraformPath returns the terraform binary to run: TF_ACC_TERRAFORM_PATH when set, as
// for acceptance tests, or else terraform on PATH.
func TerraformPath() (string, error) {
	if p := os.Getenv("TF_ACC_TERRAFORM_PATH"); p != "" {
		return p, nil
	}
	p, err := exec.LookPath("terraform")
	if err != nil {
		return "", errors.New("terraform is not on PATH and TF_ACC_TERRAFORM_PATH is not set")
	}
	return p, nil
}

// ModuleRoot finds the directory holding go.mod, from the working directory upwards.
func ModuleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the working directory")
		}
		dir = parent
	}
}

// Build compiles the provider in moduleRoot into outDir and returns the binary's path.
// outDir is what a dev_overrides entry names.
func Build(ctx context.Context, moduleRoot, outDir string) (string, error) {
	binary := filepath.Join(outDir, BinaryName)
	cmd := exec.CommandContext(ctx, "go", "build", "-trimpath",
		"-ldflags", "-X main.version=0.0.0-dev", "-o", binary, ".")
	cmd.Dir = moduleRoot
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("building the provider: %w\n%s", err, out)
	}
	return binary, nil
}

// Result is what one terraform command did.
type Result struct {
	Args     []string
	Stdout   string
	Stderr   string
	ExitCode int
	Duration time.Duration
}

// Workspace is a directory with a Terraform configuration and a CLI configuration that
// points the provider address at a built binary.
type Workspace struct {
	// Dir holds the configuration, the state and the CLI configuration.
	Dir       string
	terraform string
	env       map[string]string
}

// NewWorkspace prepares dir for terraform commands that use the provider binary at
// providerBinary.
func NewWorkspace(dir, providerBinary string) (*Workspace, error) {
	terraform, err := TerraformPath()
	if err != nil {
		return nil, err
	}
	cliConfig := filepath.Join(dir, ".terraformrc")
	content := fmt.Sprintf("provider_installation {\n  dev_overrides {\n    %q = %q\n  }\n"+
		"  direct {}\n}\n", ProviderAddress, filepath.Dir(providerBinary))
	if err := os.WriteFile(cliConfig, []byte(content), 0o600); err != nil {
		return nil, err
	}
	return &Workspace{Dir: dir, terraform: terraform, env: map[string]string{
		"TF_CLI_CONFIG_FILE": cliConfig,
		"CHECKPOINT_DISABLE": "1",
		"TF_IN_AUTOMATION":   "1",
		"TF_INPUT":           "0",
	}}, nil
}

// SetEnv sets an environment variable for the commands that follow.
func (w *Workspace) SetEnv(name, value string) { w.env[name] = value }

// WriteConfig replaces the workspace's configuration with a single main.tf.
func (w *Workspace) WriteConfig(config string) error {
	return os.WriteFile(filepath.Join(w.Dir, "main.tf"), []byte(config), 0o600)
}

// Exec runs terraform with args in the workspace. A non-zero exit is not an error: the
// caller reads Result.ExitCode, since plan -detailed-exitcode exits 2 on changes.
func (w *Workspace) Exec(ctx context.Context, args ...string) (Result, error) {
	cmd := exec.CommandContext(ctx, w.terraform, args...)
	cmd.Dir = w.Dir
	cmd.Env = w.environ()
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	err := cmd.Run()
	r := Result{Args: args, Stdout: stdout.String(), Stderr: stderr.String(),
		Duration: time.Since(start)}
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		r.ExitCode = exit.ExitCode()
	case err != nil:
		return r, fmt.Errorf("running terraform %s: %w", strings.Join(args, " "), err)
	}
	return r, nil
}

// environ is the process environment without anything that would configure the provider
// or Terraform behind the workspace's back, plus the workspace's own variables.
func (w *Workspace) environ() []string {
	env := slices.DeleteFunc(os.Environ(), func(kv string) bool {
		name, _, _ := strings.Cut(kv, "=")
		return strings.HasPrefix(name, "TWILIO_") || strings.HasPrefix(name, "TF_")
	})
	for name, value := range w.env {
		env = append(env, name+"="+value)
	}
	return env
}

// Succeeded tells whether a command ended as expected: exit 0, or 2 for a plan with
// -detailed-exitcode, which means there are changes.
func (r Result) Succeeded() bool {
	return r.ExitCode == 0 || (r.ExitCode == 2 && slices.Contains(r.Args, "-detailed-exitcode"))
}
