//go:build !linux

package main

import "os"

// peakMemoryMethod says in the report how peak memory was measured.
const peakMemoryMethod = "not measured: peak memory is read on Linux only"

// peakRSS is not available on this system.
func peakRSS(*os.ProcessState) (int64, error) { return 0, errNoPeakRSS }
