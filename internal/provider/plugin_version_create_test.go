package provider

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/flexplugins/terraform-provider-twilio/internal/emulator"
	"github.com/flexplugins/terraform-provider-twilio/internal/flexapi"
)

// lateCreateServer serves the emulator, except that the first create is lost: its
// connection is dropped unanswered, the listing that follows does not show it yet, and
// it takes effect just before the next create arrives, which is then refused as taken.
type lateCreateServer struct {
	server    *emulator.Server
	pluginSid string
	late      func() // the first create, acting late
	creates   atomic.Int32
}

func (s *lateCreateServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/Versions") {
		if s.creates.Add(1) == 1 {
			conn, _, err := http.NewResponseController(w).Hijack()
			if err == nil {
				_ = conn.Close()
			}
			return
		}
		s.late()
	}
	s.server.ServeHTTP(w, r)
}

func newCreateTestResource(t *testing.T, handler http.Handler) *pluginVersionResource {
	t.Helper()
	ts := httptest.NewServer(handler)
	t.Cleanup(ts.Close)
	opts := emulator.DefaultOptions()
	client, err := flexapi.New(flexapi.Config{
		BaseURL: ts.URL, Username: opts.AccountSid, Password: opts.AuthToken,
		RetryWaitMin: time.Millisecond, RetryWaitMax: time.Millisecond,
	})
	if err != nil {
		t.Fatal(err)
	}
	return &pluginVersionResource{data: &providerData{client: client}}
}

func TestCreateAdoptsALostCreateThatActedLate(t *testing.T) {
	input := flexapi.CreatePluginVersionInput{Version: "1.0.0", PluginURL: bundleURL("1.0.0")}
	cases := []struct {
		name      string
		lateURL   string
		wantAdopt bool
	}{
		{"same arguments: adopted", input.PluginURL, true},
		{"other bundle: reported as taken", bundleURL("0.9.0"), false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			server := emulator.New(emulator.DefaultOptions())
			pluginSid := server.AddPlugin("late").Sid
			handler := &lateCreateServer{server: server, pluginSid: pluginSid}
			var lateSid string
			handler.late = func() {
				if v, err := server.AddPluginVersion(pluginSid, "1.0.0", c.lateURL); err == nil {
					lateSid = v.Sid
				}
			}
			r := newCreateTestResource(t, handler)

			got, diags := r.createPluginVersion(t.Context(), pluginSid, input)

			if n := handler.creates.Load(); n != 2 {
				t.Errorf("sent %d creates, want 2", n)
			}
			if versions := server.PluginVersions(pluginSid); len(versions) != 1 {
				t.Errorf("server holds %d versions, want 1", len(versions))
			}
			switch {
			case c.wantAdopt && (diags.HasError() || got == nil || got.Sid != lateSid):
				t.Errorf("want %s adopted, got %+v and %v", lateSid, got, diags)
			case !c.wantAdopt && (got != nil || !diags.HasError() ||
				!strings.Contains(diags[0].Detail(), lateSid)):
				t.Errorf("want an error naming %s, got %+v and %v", lateSid, got, diags)
			}
		})
	}
}

func TestCreatedFromComparesEveryReturnedArgument(t *testing.T) {
	yes := true
	input := flexapi.CreatePluginVersionInput{PluginURL: "https://a.example.com/b.js",
		Changelog: "Fixes", Private: &yes}
	same := flexapi.PluginVersion{PluginURL: input.PluginURL, Changelog: "Fixes", Private: true}
	if !createdFrom(&same, input) {
		t.Error("a version with the same arguments is not recognised")
	}
	for name, change := range map[string]func(*flexapi.PluginVersion){
		"plugin_url": func(v *flexapi.PluginVersion) { v.PluginURL += "?v=2" },
		"changelog":  func(v *flexapi.PluginVersion) { v.Changelog = "Other" },
		"private":    func(v *flexapi.PluginVersion) { v.Private = false },
		"archived":   func(v *flexapi.PluginVersion) { v.Archived = true },
	} {
		other := same
		change(&other)
		if createdFrom(&other, input) {
			t.Errorf("a version with another %s is taken for this create's", name)
		}
	}
}
