// Package acctest holds helpers shared by tests that run the provider against the Flex
// emulator: starting an emulator per test and writing the provider configuration for it.
//
// Setting FLEX_CONFORMANCE_PROXY_URL and FLEX_CONFORMANCE_UPSTREAM switches to conformance
// mode: one emulator for the whole test process listens on the upstream address, and tests
// talk to it through a validating proxy (Stoplight Prism) at the proxy URL, so that every
// answer is checked against Twilio's OpenAPI description.
package acctest

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/flexplugins/terraform-provider-twilio/internal/emulator"
)

// Credentials the emulator accepts by default.
const (
	AccountSid = emulator.DefaultAccountSid
	AuthToken  = emulator.DefaultAuthToken
)

// Environment variables that switch StartEmulator to conformance mode.
const (
	EnvConformanceProxyURL = "FLEX_CONFORMANCE_PROXY_URL"
	EnvConformanceUpstream = "FLEX_CONFORMANCE_UPSTREAM"
)

// StartEmulator returns a running emulator for one test and the base URL the provider
// should use. Normally each test gets its own emulator on 127.0.0.1, closed when the test
// ends. In conformance mode every test shares one emulator behind the proxy, so a test must
// not rely on request counts, injected faults or an otherwise empty account.
func StartEmulator(t testing.TB) (*emulator.Server, string) {
	t.Helper()
	if proxyURL, upstream, ok := conformanceEnv(); ok {
		srv, err := sharedEmulator(upstream)
		if err != nil {
			t.Fatalf("starting the shared conformance emulator on %s: %v", upstream, err)
		}
		return srv, strings.TrimRight(proxyURL, "/")
	}

	srv := emulator.New(emulator.Options{})
	return srv, ServeLoopback(t, srv)
}

// ServeLoopback serves handler on a free port of 127.0.0.1 until the test ends and
// returns its base URL. Tests wrap the emulator in handlers of their own through it.
func ServeLoopback(t testing.TB, handler http.Handler) string {
	t.Helper()
	ln, err := new(net.ListenConfig).Listen(context.Background(), "tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listening on 127.0.0.1 for the emulator: %v", err)
	}
	hs := httptest.NewUnstartedServer(handler)
	hs.Listener = ln
	hs.Start()
	t.Cleanup(func() {
		// Closing client connections first ends handlers held by injected delays.
		hs.CloseClientConnections()
		hs.Close()
	})
	return hs.URL
}

// ConformanceMode reports whether StartEmulator hands out the shared emulator behind the
// validating proxy. Tests that inject faults or count requests should skip in that mode.
func ConformanceMode() bool {
	_, _, ok := conformanceEnv()
	return ok
}

func conformanceEnv() (proxyURL, upstream string, ok bool) {
	proxyURL = os.Getenv(EnvConformanceProxyURL)
	upstream = os.Getenv(EnvConformanceUpstream)
	return proxyURL, upstream, proxyURL != "" && upstream != ""
}

var shared struct {
	mu      sync.Mutex
	servers map[string]*emulator.Server
}

// sharedEmulator starts, once per upstream address and test process, the emulator the
// proxy forwards to. It runs until the process exits, since any later test may need it.
func sharedEmulator(upstream string) (*emulator.Server, error) {
	shared.mu.Lock()
	defer shared.mu.Unlock()
	if srv, ok := shared.servers[upstream]; ok {
		return srv, nil
	}
	if err := checkLoopback(upstream); err != nil {
		return nil, err
	}
	ln, err := new(net.ListenConfig).Listen(context.Background(), "tcp", upstream)
	if err != nil {
		return nil, err
	}
	srv := emulator.New(emulator.Options{})
	go func() { _ = http.Serve(ln, srv) }()
	if shared.servers == nil {
		shared.servers = map[string]*emulator.Server{}
	}
	shared.servers[upstream] = srv
	return srv, nil
}

func checkLoopback(hostPort string) error {
	host, _, err := net.SplitHostPort(hostPort)
	if err != nil {
		return fmt.Errorf("%s=%q is not host:port: %w", EnvConformanceUpstream, hostPort, err)
	}
	if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
		return fmt.Errorf("%s=%q must name a loopback IP address such as 127.0.0.1",
			EnvConformanceUpstream, hostPort)
	}
	return nil
}

// ProviderConfig returns a provider "twilio" block that points the provider at url with the
// emulator's default credentials.
func ProviderConfig(url string) string {
	return fmt.Sprintf(`provider "twilio" {
  flex_api_url = %s
  account_sid  = %s
  auth_token   = %s
}
`, hclString(url), hclString(AccountSid), hclString(AuthToken))
}

// hclString quotes s as an HCL string literal, escaping template sequences as well.
func hclString(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`, "\r", `\r`, "\t", `\t`,
		"${", "$${", "%{", "%%{")
	return `"` + r.Replace(s) + `"`
}
