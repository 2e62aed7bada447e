package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/flexplugins/terraform-provider-twilio/internal/emulator"
)

// lockedBuffer is a bytes.Buffer that the server goroutine and the test may share.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func TestCheckLoopback(t *testing.T) {
	for _, ok := range []string{"127.0.0.1:0", "127.0.0.1:4011", "[::1]:0", "127.1.2.3:80"} {
		if err := checkLoopback(ok); err != nil {
			t.Errorf("checkLoopback(%q) = %v, want nil", ok, err)
		}
	}
	for _, bad := range []string{":0", "0.0.0.0:0", "[::]:0", "192.168.1.1:80", "localhost:0",
		"127.0.0.1"} {
		if err := checkLoopback(bad); err == nil {
			t.Errorf("checkLoopback(%q) = nil, want an error", bad)
		}
	}
}

func TestExportLines(t *testing.T) {
	cases := map[string]string{
		pluginEnvName("agent-tools"):       "FLEX_PLUGIN_SID_AGENT_TOOLS",
		pluginEnvName("My Plugin.v2"):      "FLEX_PLUGIN_SID_MY_PLUGIN_V2",
		export("A", "http://127.0.0.1:80"): "A=http://127.0.0.1:80",
		export("A", "it's $x"):             `A='it'\''s $x'`,
		export("A", ""):                    "A=",
	}
	for got, want := range cases {
		if got != want {
			t.Errorf("got %s, want %s", got, want)
		}
	}
}

func TestParseFlags(t *testing.T) {
	cfg, err := parseFlags([]string{"-seed-plugin", "a, b", "-seed-plugin", "c",
		"-concurrency-limit", "4"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(cfg.seedPlugins, "|") != "a|b|c" || cfg.concurrencyLimit != 4 ||
		cfg.listen != "127.0.0.1:0" || cfg.accountSid != emulator.DefaultAccountSid {
		t.Errorf("parsed %+v", cfg)
	}
	for _, args := range [][]string{
		{"-listen", "0.0.0.0:8080"}, {"-concurrency-limit", "-1"}, {"extra"}, {"-nope"},
	} {
		if _, err := parseFlags(args, io.Discard); err == nil {
			t.Errorf("parseFlags(%q) succeeded, want an error", args)
		}
	}
}

func TestSeedPluginsRefusesClashingNames(t *testing.T) {
	srv := emulator.New(emulator.Options{})
	if _, err := seedPlugins(srv, []string{"a-b", "a_b"}); err == nil {
		t.Error("two names with the same variable name were accepted")
	}
	lines, err := seedPlugins(srv, []string{"x", "x"})
	if err != nil || len(lines) != 1 {
		t.Errorf("a repeated name gave %v, %v; want one line", lines, err)
	}
}

// startRun runs the command in the background and returns its URL, its output and a
// function that stops it and returns run's error.
func startRun(t *testing.T, args ...string) (string, *lockedBuffer, *lockedBuffer,
	func() error,
) {
	t.Helper()
	ready := filepath.Join(t.TempDir(), "ready")
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	stdout, stderr := &lockedBuffer{}, &lockedBuffer{}
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, append(args, "-ready-file", ready), stdout, stderr)
	}()
	url := waitForReadyFile(t, ready, done)
	stop := func() error {
		cancel()
		err := <-done
		if _, serr := os.Stat(ready); !os.IsNotExist(serr) {
			t.Errorf("ready file still exists after shutdown: %v", serr)
		}
		return err
	}
	return url, stdout, stderr, stop
}

func TestRunServesUntilCancelled(t *testing.T) {
	faults := filepath.Join(t.TempDir(), "faults.json")
	script := `[{"method": "GET", "path": "/v1/PluginService/Plugins", "status": 503, "times": 1}]`
	if err := os.WriteFile(faults, []byte(script), 0o600); err != nil {
		t.Fatal(err)
	}
	url, stdout, stderr, stop := startRun(t, "-seed-plugin", "agent-tools", "-faults", faults,
		"-auth-token", "secret-token")

	out := stdout.String()
	for _, want := range []string{"TWILIO_FLEX_API_URL=" + url + "\n",
		"TWILIO_ACCOUNT_SID=" + emulator.DefaultAccountSid + "\n",
		"TWILIO_AUTH_TOKEN=secret-token\n", "FLEX_PLUGIN_SID_AGENT_TOOLS=FP"} {
		if !strings.Contains(out, want) {
			t.Errorf("stdout %q lacks %q", out, want)
		}
	}
	if status := get(t, url+"/v1/PluginService/Plugins"); status != http.StatusServiceUnavailable {
		t.Errorf("first GET answered %d, want the scripted 503", status)
	}
	if status := get(t, url+"/v1/PluginService/Plugins/agent-tools"); status != http.StatusOK {
		t.Errorf("GET of the seeded plugin answered %d, want 200", status)
	}

	if err := stop(); err != nil {
		t.Errorf("run returned %v after cancellation, want nil", err)
	}
	logs := stderr.String()
	if !strings.Contains(logs, "GET /v1/PluginService/Plugins/agent-tools 200") ||
		strings.Contains(logs, "secret-token") {
		t.Errorf("stderr log %q: want the request line and no auth token", logs)
	}
}

func waitForReadyFile(t *testing.T, file string, done <-chan error) string {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case err := <-done:
			t.Fatalf("run ended early: %v", err)
		default:
		}
		if data, err := os.ReadFile(file); err == nil {
			return strings.TrimSpace(string(data))
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatal("the ready file never appeared")
	return ""
}

func get(t *testing.T, url string) int {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.SetBasicAuth(emulator.DefaultAccountSid, "secret-token")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	_ = res.Body.Close()
	return res.StatusCode
}
