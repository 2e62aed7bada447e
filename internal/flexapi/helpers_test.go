package flexapi

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

const (
	testAccountSid = "AC0123456789abcdef0123456789abcdef"
	testAuthToken  = "tok3n-s3cret+/=value"
	testAPIKey     = "SK0123456789abcdef0123456789abcdef"
	testAPISecret  = "ap1-s3cret&value"
	testPluginSid  = "FP0123456789abcdef0123456789abcdef"
	testVersionSid = "FV0123456789abcdef0123456789abcdef"
)

// secretForms lists every form in which test credentials could leak.
func secretForms() []string {
	forms := []string{testAuthToken, testAPISecret}
	for _, s := range []string{testAuthToken, testAPISecret} {
		forms = append(forms, url.QueryEscape(s), url.PathEscape(s))
	}
	for _, pair := range []string{
		testAccountSid + ":" + testAuthToken, testAPIKey + ":" + testAPISecret,
	} {
		forms = append(forms, base64.StdEncoding.EncodeToString([]byte(pair)))
	}
	return forms
}

func assertNoSecret(t *testing.T, what, text string) {
	t.Helper()
	for _, s := range secretForms() {
		if strings.Contains(text, s) {
			t.Errorf("%s contains the secret %q: %s", what, s, text)
		}
	}
}

// seenRequest is what the test server saw of one request.
type seenRequest struct {
	Method     string
	RequestURI string
	RawQuery   string
	Header     http.Header
	Form       url.Values
}

// apiServer is a loopback test server that records requests and answers with handler.
type apiServer struct {
	*httptest.Server
	mu   sync.Mutex
	seen []seenRequest
}

func newAPIServer(t *testing.T, handler http.HandlerFunc) *apiServer {
	t.Helper()
	s := &apiServer{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		form, _ := url.ParseQuery(string(body))
		s.mu.Lock()
		s.seen = append(s.seen, seenRequest{
			Method: r.Method, RequestURI: r.RequestURI, RawQuery: r.URL.RawQuery,
			Header: r.Header.Clone(), Form: form,
		})
		s.mu.Unlock()
		handler(w, r)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *apiServer) requests() []seenRequest {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]seenRequest(nil), s.seen...)
}

func (s *apiServer) count() int {
	return len(s.requests())
}

// dialGuard lets the client reach only the test server, without DNS, and can make the
// first dials fail as a refused connection would.
type dialGuard struct {
	mu      sync.Mutex
	allowed string
	refuse  int
	dialed  []string
}

func (d *dialGuard) dial(ctx context.Context, network, addr string) (net.Conn, error) {
	d.mu.Lock()
	d.dialed = append(d.dialed, addr)
	refuse := d.refuse > 0
	if refuse {
		d.refuse--
	}
	d.mu.Unlock()
	if addr != d.allowed {
		return nil, fmt.Errorf("test dialer: %s is not the test server", addr)
	}
	if refuse {
		return nil, &net.OpError{Op: "dial", Net: network, Err: syscall.ECONNREFUSED}
	}
	return (&net.Dialer{}).DialContext(ctx, network, addr)
}

func (d *dialGuard) addresses() []string {
	d.mu.Lock()
	defer d.mu.Unlock()
	return append([]string(nil), d.dialed...)
}

// newTestClient returns a client for srv with fast retries; options adjust the config.
func newTestClient(t testing.TB, srv *httptest.Server, options ...func(*Config),
) (*Client, *dialGuard) {
	t.Helper()
	guard := &dialGuard{allowed: srv.Listener.Addr().String()}
	transport := &http.Transport{DialContext: guard.dial}
	t.Cleanup(transport.CloseIdleConnections)
	cfg := Config{
		BaseURL:      srv.URL,
		Username:     testAccountSid,
		Password:     testAuthToken,
		MaxRetries:   3,
		RetryWaitMin: time.Millisecond,
		RetryWaitMax: 2 * time.Millisecond,
		HTTPClient:   &http.Client{Transport: transport},
	}
	for _, option := range options {
		option(&cfg)
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return c, guard
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func pluginVersionJSON(sid, version string) map[string]any {
	return map[string]any{
		"sid":          sid,
		"account_sid":  testAccountSid,
		"plugin_sid":   testPluginSid,
		"version":      version,
		"plugin_url":   "https://example.twil.io/plugin-" + version + ".js",
		"changelog":    "changes in " + version,
		"private":      true,
		"archived":     false,
		"validated":    false,
		"date_created": "2024-01-10T20:00:00Z",
		"url":          "https://flex-api.twilio.com/v1/PluginService/Plugins/" + sid,
	}
}

func versionSid(i int) string {
	return fmt.Sprintf("FV%032x", i)
}

// versionsPage is a list page of plugin versions from..to-1 with the given next_page_url.
func versionsPage(from, to int, next any) map[string]any {
	items := []any{}
	for i := from; i < to; i++ {
		items = append(items, pluginVersionJSON(versionSid(i), fmt.Sprintf("0.0.%d", i)))
	}
	return map[string]any{
		"plugin_versions": items,
		"meta": map[string]any{
			"page": 0, "page_size": 1000, "key": "plugin_versions", "next_page_url": next,
		},
	}
}

func versionsPath() string {
	return "/v1/PluginService/Plugins/" + testPluginSid + "/Versions"
}
