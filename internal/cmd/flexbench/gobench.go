package main

import (
	"context"
	"fmt"
	"os/exec"
	"strings"
)

// goBenchPackages are the packages whose Go benchmarks the report includes.
var goBenchPackages = []string{"./internal/flexapi", "./internal/provider", "./internal/emulator"}

// goBenchResult is the command that ran the Go benchmarks and its result lines.
type goBenchResult struct {
	command string
	lines   []string
}

// runGoBenchmarks runs the Go benchmarks and keeps the package and result lines.
func runGoBenchmarks(ctx context.Context, root, benchtime string) (goBenchResult, error) {
	args := []string{"test", "-run", "^$", "-bench", ".", "-benchmem"}
	if benchtime != "" {
		args = append(args, "-benchtime", benchtime)
	}
	args = append(args, goBenchPackages...)
	shown := strings.Replace(strings.Join(append([]string{"go"}, args...), " "),
		"-run ^$", "-run '^$'", 1)

	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = root
	cmd.Env = cleanEnviron()
	out, err := cmd.CombinedOutput()
	if err != nil {
		return goBenchResult{}, fmt.Errorf("running %s: %w\n%s", shown, err, out)
	}
	res := goBenchResult{command: shown}
	for line := range strings.Lines(string(out)) {
		line = strings.TrimRight(line, "\n")
		if strings.HasPrefix(line, "pkg: ") || strings.HasPrefix(line, "Benchmark") {
			res.lines = append(res.lines, line)
		}
	}
	if len(res.lines) == 0 {
		return res, fmt.Errorf("%s printed no benchmark results: %w\n%s", shown, errCheck, out)
	}
	return res, nil
}
