// Command flexbench measures the provider against the Flex emulator on loopback and
// writes the results, with the targets they are held to, to BENCHMARKS.md.
//
// It builds the provider, then for several numbers of plugin versions runs terraform
// apply, a refresh-only plan and destroy, each against a fresh in-process emulator on
// 127.0.0.1, counting the API requests the emulator received. The same configuration
// made of builtin terraform_data resources is timed alongside as a baseline. It also
// reads the plugin versions data source over large seeded plugins while measuring the
// provider's peak memory, times the schema command, and runs the Go benchmarks.
//
// Usage:
//
//	go run ./internal/cmd/flexbench [-quick] [-out BENCHMARKS.md]
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"os"
	"os/signal"
	"path/filepath"
	"time"

	"github.com/flexplugins/terraform-provider-twilio/internal/tfrun"
)

// plan is what one run of the harness measures.
type plan struct {
	// versionCounts are the numbers of plugin versions managed as resources.
	versionCounts []int
	// dataSourceCounts are the numbers of versions seeded for the data source.
	dataSourceCounts []int
	// refreshRuns is how often each refresh-only plan is timed; the median is reported.
	refreshRuns int
	// schemaRuns is how often the schema command is timed; the median is reported.
	schemaRuns int
	// benchtime is passed to go test -benchtime when not empty.
	benchtime string
	// quick marks a reduced run for checking the harness itself.
	quick bool
}

var (
	fullPlan = plan{
		versionCounts:    []int{10, 100, 500},
		dataSourceCounts: []int{1000, 10000},
		refreshRuns:      3,
		schemaRuns:       5,
	}
	quickPlan = plan{
		versionCounts:    []int{5, 20},
		dataSourceCounts: []int{1000},
		refreshRuns:      1,
		schemaRuns:       3,
		benchtime:        "10x",
		quick:            true,
	}
)

// runTimeout bounds a whole run, so that a hung terraform cannot keep it going forever.
const runTimeout = 30 * time.Minute

func main() {
	log.SetFlags(0)
	log.SetPrefix("flexbench: ")

	quick := flag.Bool("quick", false, "measure small sizes only, to check the harness quickly")
	out := flag.String("out", "", "file to write (default BENCHMARKS.md in the module root)")
	flag.Parse()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	ctx, cancel := context.WithTimeout(ctx, runTimeout)
	err := run(ctx, *quick, *out)
	cancel()
	stop()
	if err != nil {
		log.Print(err)
		os.Exit(1)
	}
}

func run(ctx context.Context, quick bool, out string) error {
	started := time.Now()
	p := fullPlan
	if quick {
		p = quickPlan
	}

	root, err := tfrun.ModuleRoot()
	if err != nil {
		return fmt.Errorf("finding the module root: %w", err)
	}
	if out == "" {
		out = filepath.Join(root, "BENCHMARKS.md")
	}

	work, err := os.MkdirTemp("", "flexbench-")
	if err != nil {
		return fmt.Errorf("creating a work directory: %w", err)
	}
	defer func() {
		if err := os.RemoveAll(work); err != nil {
			log.Printf("removing %s: %v", work, err)
		}
	}()

	rep, err := measure(ctx, p, root, work)
	if err != nil {
		return err
	}
	rep.elapsed = time.Since(started)

	if err := os.WriteFile(out, []byte(rep.markdown()), 0o644); err != nil {
		return fmt.Errorf("writing the report: %w", err)
	}
	log.Printf("wrote %s in %s", out, rep.elapsed.Round(time.Second))
	for _, t := range rep.targets() {
		if !t.met {
			log.Printf("target MISSED: %s: %s (%s)", t.name, t.measured, t.verdict())
		}
	}
	return nil
}

// measure runs every measurement of the plan and gathers the results.
func measure(ctx context.Context, p plan, root, work string) (*report, error) {
	rep := &report{plan: p}
	var err error
	if rep.machine, err = describeMachine(ctx); err != nil {
		return nil, err
	}

	log.Print("building the provider")
	bin, err := buildBinaries(ctx, root, work)
	if err != nil {
		return nil, err
	}
	rep.binary = bin

	if rep.schema, err = timeSchema(ctx, bin.path, filepath.Join(work, "schema"), p.schemaRuns); err != nil {
		return nil, err
	}

	for i, n := range p.versionCounts {
		dir := filepath.Join(work, fmt.Sprintf("versions-%d", n))
		vr, err := runVersions(ctx, bin.path, dir, n, p.refreshRuns, i == 0)
		if err != nil {
			return nil, fmt.Errorf("%d plugin versions: %w", n, err)
		}
		dir = filepath.Join(work, fmt.Sprintf("baseline-%d", n))
		if vr.baseline, err = runBaseline(ctx, bin.path, dir, n, p.refreshRuns); err != nil {
			return nil, fmt.Errorf("%d terraform_data resources: %w", n, err)
		}
		rep.versions = append(rep.versions, vr)
	}

	for _, n := range p.dataSourceCounts {
		dir := filepath.Join(work, fmt.Sprintf("data-source-%d", n))
		dr, err := runDataSource(ctx, bin.path, dir, n)
		if err != nil {
			return nil, fmt.Errorf("data source over %d versions: %w", n, err)
		}
		rep.dataSources = append(rep.dataSources, dr)
	}

	log.Print("running the Go benchmarks")
	if rep.goBench, err = runGoBenchmarks(ctx, root, p.benchtime); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("the run was cut short: %w", err)
	}
	return rep, nil
}

// errCheck marks a result that contradicts what the provider must do.
var errCheck = errors.New("check failed")
