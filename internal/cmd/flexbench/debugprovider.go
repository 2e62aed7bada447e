package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strings"
	"time"
)

// reattachVar is the variable through which Terraform finds a provider that is already
// running instead of starting one.
const reattachVar = "TF_REATTACH_PROVIDERS"

// errNoPeakRSS is returned where the harness cannot read a process's peak memory.
var errNoPeakRSS = errors.New("peak memory is measured on Linux only")

// reattachTimeout bounds how long the provider may take to announce itself.
const reattachTimeout = 30 * time.Second

// debugProvider is the provider binary started with -debug. In that mode it serves
// Terraform through TF_REATTACH_PROVIDERS until interrupted, so the harness, as its
// parent, can read the process's peak memory when it exits.
type debugProvider struct {
	cmd *exec.Cmd
	// Reattach is the value of TF_REATTACH_PROVIDERS that points Terraform at it.
	Reattach string
	stderr   bytes.Buffer
	exited   chan error
}

// startDebugProvider starts the provider and waits until it says where it listens.
func startDebugProvider(ctx context.Context, binary string) (*debugProvider, error) {
	found := make(chan string, 1)
	p := &debugProvider{exited: make(chan error, 1)}
	p.cmd = exec.CommandContext(ctx, binary, "-debug")
	// With -debug the provider keeps its loggers on, for whoever runs it by hand; launched
	// by Terraform that logs nothing, it turns them off. Measure it as Terraform runs it.
	p.cmd.Env = append(cleanEnviron(), "TF_LOG_SDK=OFF", "TF_LOG_SDK_PROTO=OFF",
		"TF_LOG_SDK_FRAMEWORK=OFF", "TF_LOG_PROVIDER=OFF")
	p.cmd.Stdout = &reattachWatcher{found: found}
	p.cmd.Stderr = &p.stderr
	if err := p.cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting the provider in debug mode: %w", err)
	}
	go func() { p.exited <- p.cmd.Wait() }()

	timer := time.NewTimer(reattachTimeout)
	defer timer.Stop()
	var cause error
	select {
	case p.Reattach = <-found:
		return p, nil
	case err := <-p.exited:
		return nil, fmt.Errorf("the provider exited before it could be attached (%w):\n%s",
			errors.Join(err, errCheck), p.stderr.String())
	case <-timer.C:
		cause = fmt.Errorf("the provider printed no %s within %s", reattachVar, reattachTimeout)
	case <-ctx.Done():
		cause = ctx.Err()
	}
	if err := p.cmd.Process.Kill(); err != nil && !errors.Is(err, os.ErrProcessDone) {
		cause = errors.Join(cause, fmt.Errorf("stopping the provider: %w", err))
	}
	// The process was killed, so an exit error is expected; any other error is not.
	if err := <-p.exited; err != nil {
		var exit *exec.ExitError
		if !errors.As(err, &exit) {
			cause = errors.Join(cause, err)
		}
	}
	return nil, cause
}

// Stop interrupts the provider, waits for it to exit and returns its peak resident set
// size in bytes.
func (p *debugProvider) Stop() (int64, error) {
	if err := p.cmd.Process.Signal(os.Interrupt); err != nil && !errors.Is(err, os.ErrProcessDone) {
		return 0, fmt.Errorf("interrupting the provider: %w", err)
	}
	if err := <-p.exited; err != nil {
		return 0, fmt.Errorf("the provider did not exit cleanly: %w\n%s", err, p.stderr.String())
	}
	return peakRSS(p.cmd.ProcessState)
}

// reattachWatcher reads the provider's standard output line by line and hands over the
// value of the first TF_REATTACH_PROVIDERS line it sees.
type reattachWatcher struct {
	found   chan<- string
	partial []byte
	done    bool
}

func (w *reattachWatcher) Write(b []byte) (int, error) {
	if w.done {
		return len(b), nil
	}
	w.partial = append(w.partial, b...)
	for {
		line, rest, ok := bytes.Cut(w.partial, []byte("\n"))
		if !ok {
			break
		}
		w.partial = rest
		if value, ok := parseReattachLine(string(line)); ok {
			w.found <- value
			w.done, w.partial = true, nil
			break
		}
	}
	return len(b), nil
}

// parseReattachLine reads a line such as TF_REATTACH_PROVIDERS='{...}', the form the
// provider prints for a POSIX shell, and returns the JSON between the quotes.
func parseReattachLine(line string) (string, bool) {
	rest, ok := strings.CutPrefix(strings.TrimSpace(line), reattachVar+"='")
	if !ok {
		return "", false
	}
	quoted, ok := strings.CutSuffix(rest, "'")
	if !ok {
		return "", false
	}
	// A single quote inside the value is printed as '"'"' for the shell.
	value := strings.ReplaceAll(quoted, `'"'"'`, `'`)
	if !json.Valid([]byte(value)) {
		return "", false
	}
	return value, true
}

// cleanEnviron is the harness's environment without variables that would configure the
// provider or Terraform behind the configuration's back, as tfrun does for terraform.
func cleanEnviron() []string {
	return slices.DeleteFunc(os.Environ(), func(kv string) bool {
		name, _, _ := strings.Cut(kv, "=")
		return strings.HasPrefix(name, "TWILIO_") || strings.HasPrefix(name, "TF_")
	})
}
