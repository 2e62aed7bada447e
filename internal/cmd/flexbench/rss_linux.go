package main

import (
	"fmt"
	"os"
	"syscall"
)

// peakMemoryMethod says in the report how peak memory was measured.
const peakMemoryMethod = "the provider runs with -debug as a child of the harness, " +
	"Terraform attaches to it through TF_REATTACH_PROVIDERS, and its peak resident set " +
	"size is the ru_maxrss that wait4 reports when it exits after an interrupt"

// peakRSS returns the peak resident set size of an exited process in bytes. Linux
// reports ru_maxrss in kilobytes.
func peakRSS(state *os.ProcessState) (int64, error) {
	usage, ok := state.SysUsage().(*syscall.Rusage)
	if !ok || usage == nil {
		return 0, fmt.Errorf("no resource usage for process %d", state.Pid())
	}
	return usage.Maxrss * 1024, nil
}
