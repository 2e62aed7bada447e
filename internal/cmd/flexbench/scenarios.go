package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/flexplugins/terraform-provider-twilio/internal/tfrun"
)

// commandResult is one measured terraform command: its wall time and the API requests
// the emulator received while it ran.
type commandResult struct {
	duration time.Duration
	requests requests
}

// versionsResult holds the measurements for one number of plugin version resources.
type versionsResult struct {
	n                       int
	apply, refresh, destroy commandResult
	// planChecked tells whether a plain plan after apply was checked to show no changes.
	planChecked bool
	baseline    baselineResult
}

// baselineResult holds the wall times of the same commands on terraform_data resources.
type baselineResult struct {
	apply, refresh, destroy time.Duration
}

// dataSourceResult holds the measurements of one read of the plugin versions data source.
type dataSourceResult struct {
	n        int
	apply    commandResult
	peakRSS  int64 // bytes; negative when not measured
	listedOK bool
}

// binaryInfo describes the built provider.
type binaryInfo struct {
	path string
	// size is the binary as tfrun and make build produce it (-trimpath).
	size int64
	// releaseSize is the binary built with the release's -s -w linker flags.
	releaseSize int64
}

// schemaResult holds the timings of terraform providers schema -json.
type schemaResult struct {
	median time.Duration
	runs   []time.Duration
	// builtinMedian is the same command's median for a configuration with only builtin
	// resources, which starts no provider: Terraform's own share of the time.
	builtinMedian time.Duration
}

// buildBinaries builds the provider the way the benchmarks use it, and once more with
// the release's linker flags to report that size too.
func buildBinaries(ctx context.Context, root, work string) (binaryInfo, error) {
	dir := filepath.Join(work, "bin")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return binaryInfo{}, fmt.Errorf("creating %s: %w", dir, err)
	}
	path, err := tfrun.Build(ctx, root, dir)
	if err != nil {
		return binaryInfo{}, fmt.Errorf("building the provider: %w", err)
	}
	info := binaryInfo{path: path}
	if info.size, err = fileSize(path); err != nil {
		return binaryInfo{}, err
	}

	release := filepath.Join(work, "release", tfrun.BinaryName)
	cmd := exec.CommandContext(ctx, "go", "build", "-trimpath",
		"-ldflags", "-s -w -X main.version=0.0.0-dev", "-o", release, ".")
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		return binaryInfo{}, fmt.Errorf("building the provider with release flags: %w\n%s", err, out)
	}
	if info.releaseSize, err = fileSize(release); err != nil {
		return binaryInfo{}, err
	}
	return info, nil
}

func fileSize(path string) (int64, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return 0, fmt.Errorf("reading the size of %s: %w", path, err)
	}
	return fi.Size(), nil
}

// newWorkspace creates dir and a workspace in it with the given configuration.
func newWorkspace(dir, binary, config string) (*tfrun.Workspace, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("creating %s: %w", dir, err)
	}
	ws, err := tfrun.NewWorkspace(dir, binary)
	if err != nil {
		return nil, fmt.Errorf("preparing a workspace in %s: %w", dir, err)
	}
	if err := ws.WriteConfig(config); err != nil {
		return nil, fmt.Errorf("writing the configuration: %w", err)
	}
	return ws, nil
}

// terraform runs a command and returns an error unless it succeeded.
func terraform(ctx context.Context, ws *tfrun.Workspace, args ...string) (tfrun.Result, error) {
	r, err := ws.Exec(ctx, args...)
	if err != nil {
		return r, err
	}
	if !r.Succeeded() {
		return r, fmt.Errorf("terraform %s exited %d (%w):\n%s%s", strings.Join(args, " "),
			r.ExitCode, errCheck, lastLines(r.Stdout, 20), lastLines(r.Stderr, 40))
	}
	return r, nil
}

// measured runs a terraform command with the emulator's counts reset before it.
func measured(ctx context.Context, e *liveEmulator, ws *tfrun.Workspace, args ...string) (
	commandResult, error,
) {
	e.ResetRequestCounts()
	r, err := terraform(ctx, ws, args...)
	if err != nil {
		return commandResult{}, err
	}
	return commandResult{duration: r.Duration, requests: classifyRequests(e.RequestCounts())}, nil
}

// measuredRepeatedly runs a command that changes nothing several times and returns the
// median wall time and the requests of the run that made the most.
func measuredRepeatedly(ctx context.Context, e *liveEmulator, ws *tfrun.Workspace, runs int,
	args ...string,
) (commandResult, error) {
	var durations []time.Duration
	var worst requests
	for range runs {
		r, err := measured(ctx, e, ws, args...)
		if err != nil {
			return commandResult{}, err
		}
		durations = append(durations, r.duration)
		if r.requests.Total() >= worst.Total() {
			worst = r.requests
		}
	}
	return commandResult{duration: median(durations), requests: worst}, nil
}

// runVersions applies, refreshes and destroys n plugin versions of one plugin against a
// fresh emulator, checking the emulator's contents after apply and after destroy.
func runVersions(ctx context.Context, binary, dir string, n, refreshRuns int, checkPlan bool) (
	res versionsResult, err error,
) {
	e, err := startEmulator(ctx)
	if err != nil {
		return res, err
	}
	defer func() { err = errors.Join(err, e.Close()) }()
	pluginSid := e.AddPlugin(fmt.Sprintf("bench-%d", n)).Sid

	ws, err := newWorkspace(dir, binary, versionsConfig(e, pluginSid, n))
	if err != nil {
		return res, err
	}
	res.n = n

	log.Printf("%d plugin versions: apply", n)
	if res.apply, err = measured(ctx, e, ws, "apply", "-auto-approve", "-no-color"); err != nil {
		return res, err
	}
	if err := checkApplied(e, pluginSid, n); err != nil {
		return res, err
	}

	if checkPlan {
		log.Printf("%d plugin versions: plan -detailed-exitcode", n)
		r, err := terraform(ctx, ws, "plan", "-detailed-exitcode", "-no-color")
		if err != nil {
			return res, err
		}
		if r.ExitCode != 0 {
			return res, fmt.Errorf("a plan right after apply exited %d, want 0 for no changes "+
				"(%w):\n%s", r.ExitCode, errCheck, lastLines(r.Stdout, 40))
		}
		res.planChecked = true
	}

	log.Printf("%d plugin versions: plan -refresh-only", n)
	res.refresh, err = measuredRepeatedly(ctx, e, ws, refreshRuns, "plan", "-refresh-only", "-no-color")
	if err != nil {
		return res, err
	}

	log.Printf("%d plugin versions: destroy", n)
	if res.destroy, err = measured(ctx, e, ws, "destroy", "-auto-approve", "-no-color"); err != nil {
		return res, err
	}
	return res, checkArchived(e, pluginSid, n)
}

// checkApplied asserts that the emulator holds exactly the n configured versions, none
// of them archived.
func checkApplied(e *liveEmulator, pluginSid string, n int) error {
	versions := e.PluginVersions(pluginSid)
	if len(versions) != n {
		return fmt.Errorf("after apply the emulator holds %d versions, want %d: %w",
			len(versions), n, errCheck)
	}
	want := map[string]bool{}
	for i := range n {
		want[versionString(i)] = true
	}
	for _, v := range versions {
		if !want[v.Version] || v.Archived {
			return fmt.Errorf("after apply the emulator holds version %q (archived %t), "+
				"which is not configured or is a duplicate: %w", v.Version, v.Archived, errCheck)
		}
		delete(want, v.Version)
	}
	return nil
}

// checkArchived asserts that all n versions are still there and archived.
func checkArchived(e *liveEmulator, pluginSid string, n int) error {
	versions := e.PluginVersions(pluginSid)
	if len(versions) != n {
		return fmt.Errorf("after destroy the emulator holds %d versions, want %d: %w",
			len(versions), n, errCheck)
	}
	for _, v := range versions {
		if !v.Archived {
			return fmt.Errorf("after destroy version %q (%s) is not archived: %w",
				v.Version, v.Sid, errCheck)
		}
	}
	return nil
}

// runBaseline times the same commands on n terraform_data resources.
func runBaseline(ctx context.Context, binary, dir string, n, refreshRuns int) (
	baselineResult, error,
) {
	var res baselineResult
	ws, err := newWorkspace(dir, binary, baselineConfig(n))
	if err != nil {
		return res, err
	}
	log.Printf("%d terraform_data resources: apply, plan -refresh-only, destroy", n)
	r, err := terraform(ctx, ws, "apply", "-auto-approve", "-no-color")
	if err != nil {
		return res, err
	}
	res.apply = r.Duration

	var durations []time.Duration
	for range refreshRuns {
		r, err := terraform(ctx, ws, "plan", "-refresh-only", "-no-color")
		if err != nil {
			return res, err
		}
		durations = append(durations, r.Duration)
	}
	res.refresh = median(durations)

	if r, err = terraform(ctx, ws, "destroy", "-auto-approve", "-no-color"); err != nil {
		return res, err
	}
	res.destroy = r.Duration
	return res, nil
}

// runDataSource seeds n versions and reads them all through the data source with the
// provider attached in debug mode, so that its peak memory can be read.
func runDataSource(ctx context.Context, binary, dir string, n int) (res dataSourceResult, err error) {
	e, err := startEmulator(ctx)
	if err != nil {
		return res, err
	}
	defer func() { err = errors.Join(err, e.Close()) }()
	pluginSid := e.AddPlugin(fmt.Sprintf("bench-data-%d", n)).Sid
	if seeded := e.AddPluginVersions(pluginSid, n); len(seeded) != n {
		return res, fmt.Errorf("seeded %d versions, want %d: %w", len(seeded), n, errCheck)
	}

	ws, err := newWorkspace(dir, binary, dataSourceConfig(e, pluginSid))
	if err != nil {
		return res, err
	}
	res.n = n

	provider, err := startDebugProvider(ctx, binary)
	if err != nil {
		return res, err
	}
	ws.SetEnv(reattachVar, provider.Reattach)

	log.Printf("data source over %d versions: apply", n)
	var listed int
	res.apply, err = measured(ctx, e, ws, "apply", "-auto-approve", "-no-color")
	if err == nil {
		listed, err = outputInt(ctx, ws, dataSourceOutput)
	}
	rss, stopErr := provider.Stop()
	switch {
	case errors.Is(stopErr, errNoPeakRSS):
		res.peakRSS = -1
	case stopErr != nil:
		return res, errors.Join(err, stopErr)
	default:
		res.peakRSS = rss
	}
	if err != nil {
		return res, err
	}
	if listed != n {
		return res, fmt.Errorf("the data source listed %d versions, want %d: %w", listed, n, errCheck)
	}
	res.listedOK = true
	return res, nil
}

// outputInt reads a number output from the workspace's state.
func outputInt(ctx context.Context, ws *tfrun.Workspace, name string) (int, error) {
	r, err := terraform(ctx, ws, "output", "-json", name)
	if err != nil {
		return 0, err
	}
	var n int
	if err := json.Unmarshal([]byte(r.Stdout), &n); err != nil {
		return 0, fmt.Errorf("reading output %s from %q: %w", name, r.Stdout, err)
	}
	return n, nil
}

// timeSchema times terraform providers schema -json after one untimed run that warms the
// file cache and checks that the provider's schema is there, then times the same command
// without the provider.
func timeSchema(ctx context.Context, binary, dir string, runs int) (schemaResult, error) {
	var res schemaResult
	ws, err := newWorkspace(filepath.Join(dir, "provider"), binary,
		schemaConfig("FP00000000000000000000000000000000"))
	if err != nil {
		return res, err
	}
	log.Printf("terraform providers schema -json: %d runs", runs)
	r, err := terraform(ctx, ws, "providers", "schema", "-json")
	if err != nil {
		return res, err
	}
	var schemas struct {
		ProviderSchemas map[string]json.RawMessage `json:"provider_schemas"`
	}
	if err := json.Unmarshal([]byte(r.Stdout), &schemas); err != nil {
		return res, fmt.Errorf("decoding the schema output: %w", err)
	}
	if _, ok := schemas.ProviderSchemas[tfrun.ProviderAddress]; !ok {
		return res, fmt.Errorf("the schema output has no %s: %w", tfrun.ProviderAddress, errCheck)
	}
	for range runs {
		r, err := terraform(ctx, ws, "providers", "schema", "-json")
		if err != nil {
			return res, err
		}
		res.runs = append(res.runs, r.Duration)
	}
	res.median = median(res.runs)

	builtin, err := newWorkspace(filepath.Join(dir, "builtin"), binary, baselineConfig(1))
	if err != nil {
		return res, err
	}
	var durations []time.Duration
	for i := range runs + 1 {
		r, err := terraform(ctx, builtin, "providers", "schema", "-json")
		if err != nil {
			return res, err
		}
		if i > 0 {
			durations = append(durations, r.Duration)
		}
	}
	res.builtinMedian = median(durations)
	return res, nil
}

// median returns the middle duration, or the mean of the two middle ones.
func median(ds []time.Duration) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	sorted := slices.Clone(ds)
	slices.Sort(sorted)
	mid := len(sorted) / 2
	if len(sorted)%2 == 1 {
		return sorted[mid]
	}
	return (sorted[mid-1] + sorted[mid]) / 2
}

// lastLines returns at most n trailing lines of s, for error messages.
func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n") + "\n"
}
