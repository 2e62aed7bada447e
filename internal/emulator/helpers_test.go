package emulator_test

import (
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/flexplugins/terraform-provider-twilio/internal/emulator"
)

var (
	pluginSidPattern  = regexp.MustCompile(`^FP[0-9a-f]{32}$`)
	versionSidPattern = regexp.MustCompile(`^FV[0-9a-f]{32}$`)
)

// testAPI is a loopback emulator with a client that speaks to it as Twilio's SDKs would.
type testAPI struct {
	t    testing.TB
	srv  *emulator.Server
	base string
	user string
	pass string
}

// reply is one HTTP answer, read in full.
type reply struct {
	status int
	header http.Header
	body   []byte
}

func newTestAPI(t testing.TB) *testAPI {
	t.Helper()
	srv := emulator.New(emulator.Options{})
	ln, err := new(net.ListenConfig).Listen(context.Background(), "tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listening on loopback: %v", err)
	}
	hs := httptest.NewUnstartedServer(srv)
	hs.Listener = ln
	hs.Start()
	t.Cleanup(func() {
		hs.CloseClientConnections()
		hs.Close()
	})
	opts := srv.Options()
	return &testAPI{t: t, srv: srv, base: hs.URL, user: opts.AccountSid, pass: opts.AuthToken}
}

func (a *testAPI) request(ctx context.Context, method, path string, form url.Values,
	header http.Header,
) (*http.Request, error) {
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequestWithContext(ctx, method, a.base+path, body)
	if err != nil {
		return nil, err
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if a.user != "" {
		req.SetBasicAuth(a.user, a.pass)
	}
	for k, v := range header {
		req.Header[k] = v
	}
	return req, nil
}

// try sends a request and returns the transport error instead of failing the test.
func (a *testAPI) try(ctx context.Context, method, path string, form url.Values) (reply, error) {
	req, err := a.request(ctx, method, path, form, nil)
	if err != nil {
		return reply{}, err
	}
	return send(req)
}

func send(req *http.Request) (reply, error) {
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return reply{}, err
	}
	defer func() { _ = res.Body.Close() }()
	body, err := io.ReadAll(res.Body)
	return reply{status: res.StatusCode, header: res.Header, body: body}, err
}

// call sends a request that must get an HTTP answer.
func (a *testAPI) call(method, path string, form url.Values) reply {
	a.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	r, err := a.try(ctx, method, path, form)
	if err != nil {
		a.t.Fatalf("%s %s: %v", method, path, err)
	}
	return r
}

// expect sends a request, checks the status and decodes the JSON body into a map.
func (a *testAPI) expect(method, path string, form url.Values, status int) map[string]any {
	a.t.Helper()
	r := a.call(method, path, form)
	if r.status != status {
		a.t.Fatalf("%s %s: status %d, want %d; body %s", method, path, r.status, status, r.body)
	}
	return decodeObject(a.t, r.body)
}

// expectError checks a Twilio error answer and returns its message.
func (a *testAPI) expectError(method, path string, form url.Values, status, code int) string {
	a.t.Helper()
	r := a.call(method, path, form)
	checkError(a.t, r, status, code)
	var e emulator.APIError
	_ = json.Unmarshal(r.body, &e)
	return e.Message
}

func checkError(t testing.TB, r reply, status, code int) {
	t.Helper()
	if r.status != status {
		t.Fatalf("status %d, want %d; body %s", r.status, status, r.body)
	}
	if ct := r.header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type %q, want application/json", ct)
	}
	m := decodeObject(t, r.body)
	checkKeys(t, m, "code", "message", "more_info", "status")
	if m["code"] != float64(code) || m["status"] != float64(status) {
		t.Errorf("error body %s, want code %d and status %d", r.body, code, status)
	}
	wantInfo := "https://www.twilio.com/docs/errors/" + jsonNumber(code)
	if m["more_info"] != wantInfo {
		t.Errorf("more_info %v, want %s", m["more_info"], wantInfo)
	}
	if msg, _ := m["message"].(string); msg == "" {
		t.Errorf("error body %s has an empty message", r.body)
	}
}

func jsonNumber(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}

func decodeObject(t testing.TB, body []byte) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(body, &m); err != nil {
		t.Fatalf("body is not a JSON object: %v; body %s", err, body)
	}
	return m
}

// checkKeys fails unless m has exactly the given keys.
func checkKeys(t testing.TB, m map[string]any, keys ...string) {
	t.Helper()
	got := make([]string, 0, len(m))
	for k := range m {
		got = append(got, k)
	}
	slices.Sort(got)
	want := slices.Sorted(slices.Values(keys))
	if !slices.Equal(got, want) {
		t.Errorf("keys %v, want %v", got, want)
	}
}

func versionForm(version string) url.Values {
	return url.Values{
		"Version":   {version},
		"PluginUrl": {"https://assets.example.com/plugin-" + version + ".js"},
	}
}

func versionsPath(pluginRef string) string {
	return "/v1/PluginService/Plugins/" + pluginRef + "/Versions"
}

func str(m map[string]any, key string) string {
	s, _ := m[key].(string)
	return s
}
