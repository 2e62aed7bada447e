package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"time"

	"github.com/flexplugins/terraform-provider-twilio/internal/tfrun"
)

// machine describes where the benchmarks ran.
type machine struct {
	cpu       string
	cores     int
	osArch    string
	goVersion string
	terraform string
	date      time.Time
}

func describeMachine(ctx context.Context) (machine, error) {
	m := machine{
		cpu:       cpuModel(),
		cores:     runtime.NumCPU(),
		osArch:    runtime.GOOS + "/" + runtime.GOARCH,
		goVersion: runtime.Version(),
		date:      time.Now().UTC(),
	}
	path, err := tfrun.TerraformPath()
	if err != nil {
		return m, err
	}
	out, err := exec.CommandContext(ctx, path, "version", "-json").Output()
	if err != nil {
		return m, fmt.Errorf("running terraform version: %w", err)
	}
	var v struct {
		Version string `json:"terraform_version"`
	}
	if err := json.Unmarshal(out, &v); err != nil {
		return m, fmt.Errorf("decoding terraform version -json: %w", err)
	}
	m.terraform = v.Version
	return m, nil
}

// cpuModel reads the first model name in /proc/cpuinfo.
func cpuModel() string {
	data, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return "unknown (" + err.Error() + ")"
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		key, value, ok := strings.Cut(sc.Text(), ":")
		if ok && strings.TrimSpace(key) == "model name" {
			return strings.TrimSpace(value)
		}
	}
	return "unknown"
}
