// Command flexemulator serves the in-memory Flex Plugin Service emulator on a loopback
// address for manual runs, scripts and conformance checks.
//
// On start it prints shell assignments (TWILIO_FLEX_API_URL, TWILIO_ACCOUNT_SID,
// TWILIO_AUTH_TOKEN and FLEX_PLUGIN_SID_<NAME> for each seeded plugin) to stdout, one per
// line, then serves until SIGINT or SIGTERM. Each request is logged to stderr.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"time"

	"github.com/flexplugins/terraform-provider-twilio/internal/emulator"
)

// shutdownGrace bounds how long requests held by injected delays may keep the process up.
const shutdownGrace = 5 * time.Second

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "flexemulator:", err)
		stop()
		os.Exit(1)
	}
}

type config struct {
	listen           string
	accountSid       string
	authToken        string
	faultsFile       string
	readyFile        string
	concurrencyLimit int
	seedPlugins      nameList
}

// nameList collects a repeatable, comma-separated flag.
type nameList []string

func (n *nameList) String() string { return strings.Join(*n, ",") }

func (n *nameList) Set(value string) error {
	for name := range strings.SplitSeq(value, ",") {
		if name = strings.TrimSpace(name); name != "" {
			*n = append(*n, name)
		}
	}
	return nil
}

func parseFlags(args []string, stderr io.Writer) (config, error) {
	defaults := emulator.DefaultOptions()
	var cfg config
	fs := flag.NewFlagSet("flexemulator", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&cfg.listen, "listen", "127.0.0.1:0", "loopback `address` to listen on")
	fs.StringVar(&cfg.accountSid, "account-sid", defaults.AccountSid, "account `SID` to accept")
	fs.StringVar(&cfg.authToken, "auth-token", defaults.AuthToken, "auth `token` to accept")
	fs.StringVar(&cfg.faultsFile, "faults", "", "JSON fault script `file` to load")
	fs.StringVar(&cfg.readyFile, "ready-file", "", "`file` to write the URL to once listening")
	fs.IntVar(&cfg.concurrencyLimit, "concurrency-limit", 0,
		"answer 429 above `n` requests in flight (0: no limit)")
	fs.Var(&cfg.seedPlugins, "seed-plugin",
		"unique `name` of a plugin to create at start (repeatable, comma-separated)")
	if err := fs.Parse(args); err != nil {
		return cfg, err
	}
	if fs.NArg() > 0 {
		return cfg, fmt.Errorf("unexpected arguments: %s", strings.Join(fs.Args(), " "))
	}
	if cfg.concurrencyLimit < 0 {
		return cfg, fmt.Errorf("-concurrency-limit %d is negative", cfg.concurrencyLimit)
	}
	return cfg, checkLoopback(cfg.listen)
}

// checkLoopback refuses any address other than a loopback IP, so that the emulator and its
// well-known credentials are never reachable from another machine.
func checkLoopback(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("-listen %q is not host:port: %w", addr, err)
	}
	if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
		return fmt.Errorf("-listen %q must be a loopback IP address such as 127.0.0.1:0", addr)
	}
	return nil
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	srv, err := newEmulator(cfg)
	if err != nil {
		return err
	}
	exports, err := seedPlugins(srv, cfg.seedPlugins)
	if err != nil {
		return err
	}

	ln, err := new(net.ListenConfig).Listen(ctx, "tcp", cfg.listen)
	if err != nil {
		return err
	}
	url := "http://" + ln.Addr().String()
	lines := append([]string{
		export("TWILIO_FLEX_API_URL", url),
		export("TWILIO_ACCOUNT_SID", cfg.accountSid),
		export("TWILIO_AUTH_TOKEN", cfg.authToken),
	}, exports...)
	if _, err := fmt.Fprintln(stdout, strings.Join(lines, "\n")); err != nil {
		_ = ln.Close()
		return err
	}
	return serve(ctx, ln, logRequests(srv, log.New(stderr, "", log.LstdFlags)), url,
		cfg.readyFile)
}

func newEmulator(cfg config) (*emulator.Server, error) {
	srv := emulator.New(emulator.Options{AccountSid: cfg.accountSid, AuthToken: cfg.authToken})
	if cfg.faultsFile != "" {
		faults, err := emulator.LoadFaults(cfg.faultsFile)
		if err != nil {
			return nil, err
		}
		for _, f := range faults {
			srv.InjectFault(f)
		}
	}
	srv.SetConcurrencyLimit(cfg.concurrencyLimit)
	return srv, nil
}

// seedPlugins creates the named plugins and returns one FLEX_PLUGIN_SID_<NAME> line each.
func seedPlugins(srv *emulator.Server, names []string) ([]string, error) {
	var lines []string
	owner := map[string]string{}
	for _, name := range names {
		key := pluginEnvName(name)
		if prev, ok := owner[key]; ok {
			if prev == name {
				continue
			}
			return nil, fmt.Errorf("seed plugins %q and %q would both be exported as %s",
				prev, name, key)
		}
		owner[key] = name
		lines = append(lines, export(key, srv.AddPlugin(name).Sid))
	}
	return lines, nil
}

var nonAlnum = regexp.MustCompile(`[^A-Z0-9]`)

func pluginEnvName(uniqueName string) string {
	return "FLEX_PLUGIN_SID_" + nonAlnum.ReplaceAllString(strings.ToUpper(uniqueName), "_")
}

var shellSafe = regexp.MustCompile(`^[A-Za-z0-9_./:@%+,=-]*$`)

// export formats NAME=value so that a shell can eval or source it unchanged.
func export(name, value string) string {
	if shellSafe.MatchString(value) {
		return name + "=" + value
	}
	return name + "='" + strings.ReplaceAll(value, "'", `'\''`) + "'"
}

func serve(ctx context.Context, ln net.Listener, h http.Handler, url, readyFile string) error {
	hs := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	if readyFile != "" {
		if err := writeReadyFile(readyFile, url); err != nil {
			_ = hs.Close()
			return err
		}
		defer func() { _ = os.Remove(readyFile) }()
	}

	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	if err := hs.Shutdown(shutdownCtx); err != nil {
		_ = hs.Close()
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// writeReadyFile writes through a rename so that a polling script never reads half a URL.
func writeReadyFile(file, url string) error {
	tmp, err := os.CreateTemp(filepath.Dir(file), ".flexemulator-ready-*")
	if err != nil {
		return err
	}
	_, werr := tmp.WriteString(url + "\n")
	if cerr := tmp.Close(); werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Rename(tmp.Name(), file)
	}
	if werr != nil {
		_ = os.Remove(tmp.Name())
	}
	return werr
}
