package flexapi

import (
	"encoding/base64"
	"errors"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"
)

func TestNewBaseURL(t *testing.T) {
	tests := []struct {
		name    string
		baseURL string
		want    string // BaseURL() on success
		wantErr string // substring of the error otherwise
	}{
		{name: "default", baseURL: "", want: "https://flex-api.twilio.com"},
		{name: "https regional", baseURL: "https://flex-api.dublin.ie1.twilio.com",
			want: "https://flex-api.dublin.ie1.twilio.com"},
		{name: "trailing slash", baseURL: "https://example.com/", want: "https://example.com"},
		{name: "http 127.0.0.1", baseURL: "http://127.0.0.1:8080", want: "http://127.0.0.1:8080"},
		{name: "http 127.x", baseURL: "http://127.9.8.7:1", want: "http://127.9.8.7:1"},
		{name: "http ::1", baseURL: "http://[::1]:9000", want: "http://[::1]:9000"},
		{name: "http localhost", baseURL: "http://LocalHost:9000", want: "http://localhost:9000"},
		{name: "http public host", baseURL: "http://flex-api.twilio.com",
			wantErr: "plain http"},
		{name: "http private address", baseURL: "http://10.0.0.1:8080", wantErr: "plain http"},
		{name: "http loopback look-alike", baseURL: "http://127.0.0.1.example.com",
			wantErr: "plain http"},
		{name: "path", baseURL: "https://example.com/v1", wantErr: "must not have a path"},
		{name: "query", baseURL: "https://example.com?x=1", wantErr: "query or fragment"},
		{name: "empty query", baseURL: "https://example.com?", wantErr: "query or fragment"},
		{name: "fragment", baseURL: "https://example.com#x", wantErr: "query or fragment"},
		{name: "credentials", baseURL: "https://AC1:" + url.QueryEscape(testAuthToken) +
			"@example.com",
			wantErr: "must not contain credentials"},
		{name: "other scheme", baseURL: "ftp://example.com", wantErr: "https://"},
		{name: "no scheme", baseURL: "example.com", wantErr: "https://"},
		{name: "no host", baseURL: "https://", wantErr: "no host"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := New(Config{BaseURL: tt.baseURL, Username: testAccountSid,
				Password: testAuthToken})
			if tt.wantErr != "" {
				if err == nil {
					t.Fatalf("New(%q) succeeded, want an error containing %q", tt.baseURL,
						tt.wantErr)
				}
				if !strings.Contains(err.Error(), tt.wantErr) {
					t.Errorf("error %q does not contain %q", err, tt.wantErr)
				}
				assertNoSecret(t, "error", err.Error())
				return
			}
			if err != nil {
				t.Fatalf("New(%q): %v", tt.baseURL, err)
			}
			if got := c.BaseURL(); got != tt.want {
				t.Errorf("BaseURL() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestNewRejectsBadConfig(t *testing.T) {
	valid := Config{Username: testAccountSid, Password: testAuthToken}
	tests := []struct {
		name   string
		change func(*Config)
	}{
		{"no username", func(c *Config) { c.Username = "" }},
		{"no password", func(c *Config) { c.Password = "" }},
		{"negative retries", func(c *Config) { c.MaxRetries = -1 }},
		{"negative timeout", func(c *Config) { c.RequestTimeout = -1 }},
		{"negative wait", func(c *Config) { c.RetryWaitMin = -1 }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := valid
			tt.change(&cfg)
			if _, err := New(cfg); err == nil {
				t.Fatal("New succeeded, want an error")
			}
		})
	}
}

func TestRequestHeaders(t *testing.T) {
	tests := []struct {
		name         string
		username     string
		password     string
		flexMetadata string
		userAgent    string
		wantUA       string
	}{
		{name: "account SID and auth token", username: testAccountSid, password: testAuthToken,
			userAgent: "terraform-provider-twilio/1.2.3 Terraform/1.11.4",
			wantUA:    "terraform-provider-twilio/1.2.3 Terraform/1.11.4"},
		{name: "API key and secret with metadata", username: testAPIKey, password: testAPISecret,
			flexMetadata: "terraform-provider-twilio/1.2.3", userAgent: "custom/1",
			wantUA: "custom/1"},
		{name: "default user agent", username: testAccountSid, password: testAuthToken,
			wantUA: defaultUserAgent},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newAPIServer(t, func(w http.ResponseWriter, r *http.Request) {
				writeJSON(w, http.StatusOK, pluginVersionJSON(testVersionSid, "1.0.0"))
			})
			c, _ := newTestClient(t, srv.Server, func(cfg *Config) {
				cfg.Username, cfg.Password = tt.username, tt.password
				cfg.FlexMetadata, cfg.UserAgent = tt.flexMetadata, tt.userAgent
			})
			if _, err := c.FetchPluginVersion(t.Context(), testPluginSid, testVersionSid); err != nil {
				t.Fatalf("FetchPluginVersion: %v", err)
			}
			h := srv.requests()[0].Header
			wantAuth := "Basic " + base64.StdEncoding.EncodeToString(
				[]byte(tt.username+":"+tt.password))
			checkHeader(t, h, "Authorization", wantAuth)
			checkHeader(t, h, "Accept", "application/json")
			checkHeader(t, h, "User-Agent", tt.wantUA)
			checkHeader(t, h, "Flex-Metadata", tt.flexMetadata)
			if _, present := h["Flex-Metadata"]; present != (tt.flexMetadata != "") {
				t.Errorf("Flex-Metadata present = %v, want %v", present, tt.flexMetadata != "")
			}
		})
	}
}

func checkHeader(t *testing.T, h http.Header, name, want string) {
	t.Helper()
	if got := h.Get(name); got != want {
		t.Errorf("%s header = %q, want %q", name, got, want)
	}
}

func TestCreatePluginVersionForm(t *testing.T) {
	yes, no := true, false
	tests := []struct {
		name string
		in   CreatePluginVersionInput
		want url.Values
	}{
		{
			name: "required only",
			in:   CreatePluginVersionInput{Version: "1.0.0", PluginURL: "https://x.test/p.js"},
			want: url.Values{"Version": {"1.0.0"}, "PluginUrl": {"https://x.test/p.js"}},
		},
		{
			name: "private false is sent",
			in:   CreatePluginVersionInput{Version: "1.0.1", PluginURL: "https://x.test/p.js", Private: &no},
			want: url.Values{"Version": {"1.0.1"}, "PluginUrl": {"https://x.test/p.js"},
				"Private": {"false"}},
		},
		{
			name: "every field",
			in: CreatePluginVersionInput{Version: "2.0.0", PluginURL: "https://x.test/p.js?a=1&b=2",
				Changelog: "fix: a & b = c", Private: &yes, CliVersion: "6.3.2",
				ValidateStatus: "success"},
			want: url.Values{"Version": {"2.0.0"}, "PluginUrl": {"https://x.test/p.js?a=1&b=2"},
				"Changelog": {"fix: a & b = c"}, "Private": {"true"}, "CliVersion": {"6.3.2"},
				"ValidateStatus": {"success"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newAPIServer(t, func(w http.ResponseWriter, r *http.Request) {
				writeJSON(w, http.StatusCreated, pluginVersionJSON(testVersionSid, tt.in.Version))
			})
			c, _ := newTestClient(t, srv.Server)
			v, err := c.CreatePluginVersion(t.Context(), testPluginSid, tt.in)
			if err != nil {
				t.Fatalf("CreatePluginVersion: %v", err)
			}
			if v.Sid != testVersionSid || v.Version != tt.in.Version {
				t.Errorf("got sid %q version %q", v.Sid, v.Version)
			}
			got := srv.requests()[0]
			if got.Method != http.MethodPost || got.RequestURI != versionsPath() {
				t.Errorf("request = %s %s, want POST %s", got.Method, got.RequestURI, versionsPath())
			}
			checkHeader(t, got.Header, "Content-Type", "application/x-www-form-urlencoded")
			if !reflect.DeepEqual(got.Form, tt.want) {
				t.Errorf("form = %v, want %v", got.Form, tt.want)
			}
		})
	}
}

func TestCreatePluginForm(t *testing.T) {
	srv := newAPIServer(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusCreated, map[string]any{"sid": testPluginSid,
			"unique_name": "my-plugin"})
	})
	c, _ := newTestClient(t, srv.Server)
	p, err := c.CreatePlugin(t.Context(), CreatePluginInput{UniqueName: "my-plugin"})
	if err != nil {
		t.Fatalf("CreatePlugin: %v", err)
	}
	if p.Sid != testPluginSid || p.UniqueName != "my-plugin" {
		t.Errorf("plugin = %+v", p)
	}
	got := srv.requests()[0]
	want := url.Values{"UniqueName": {"my-plugin"}}
	if got.RequestURI != "/v1/PluginService/Plugins" || !reflect.DeepEqual(got.Form, want) {
		t.Errorf("request %s form %v, want /v1/PluginService/Plugins form %v",
			got.RequestURI, got.Form, want)
	}
}

func TestPathEscaping(t *testing.T) {
	tests := []struct {
		name    string
		call    func(*Client) error
		wantURI string
	}{
		{"version sid with dot-dot slash", func(c *Client) error {
			_, err := c.FetchPluginVersion(t.Context(), testPluginSid, "../x")
			return err
		}, versionsPath() + "/..%2Fx"},
		{"version sid with slash and query", func(c *Client) error {
			_, err := c.FetchPluginVersion(t.Context(), testPluginSid, "a/b?c")
			return err
		}, versionsPath() + "/a%2Fb%3Fc"},
		{"plugin sid dot-dot", func(c *Client) error {
			_, err := c.FetchPluginVersion(t.Context(), "..", "FVx")
			return err
		}, "/v1/PluginService/Plugins/%2E%2E/Versions/FVx"},
		{"archive with dot sid", func(c *Client) error {
			_, err := c.ArchivePluginVersion(t.Context(), testPluginSid, ".")
			return err
		}, versionsPath() + "/%2E/Archive"},
		{"plugin name with hash, space and percent", func(c *Client) error {
			_, err := c.FetchPlugin(t.Context(), "my plugin#1%2F")
			return err
		}, "/v1/PluginService/Plugins/my%20plugin%231%252F"},
		{"list with slash in plugin sid", func(c *Client) error {
			_, err := c.ListPluginVersions(t.Context(), "FP1/Versions")
			return err
		}, "/v1/PluginService/Plugins/FP1%2FVersions/Versions?PageSize=1000"},
		{"archive plugin with semicolon", func(c *Client) error {
			_, err := c.ArchivePlugin(t.Context(), "FP1;x=y")
			return err
		}, "/v1/PluginService/Plugins/FP1%3Bx=y/Archive"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newAPIServer(t, func(w http.ResponseWriter, r *http.Request) {
				writeJSON(w, http.StatusNotFound, map[string]any{"code": 20404,
					"message": "not found", "status": 404})
			})
			c, _ := newTestClient(t, srv.Server)
			if err := tt.call(c); !errors.Is(err, ErrNotFound) {
				t.Fatalf("err = %v, want ErrNotFound", err)
			}
			reqs := srv.requests()
			if len(reqs) != 1 || reqs[0].RequestURI != tt.wantURI {
				t.Fatalf("requests = %+v, want one to %s", reqs, tt.wantURI)
			}
		})
	}
}

func TestEmptySIDsAreRejected(t *testing.T) {
	srv := newAPIServer(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, pluginVersionJSON(testVersionSid, "1.0.0"))
	})
	c, _ := newTestClient(t, srv.Server)
	calls := map[string]func() error{
		"fetch version": func() error {
			_, err := c.FetchPluginVersion(t.Context(), testPluginSid, "")
			return err
		},
		"fetch with empty plugin": func() error {
			_, err := c.FetchPluginVersion(t.Context(), "", testVersionSid)
			return err
		},
		"archive version": func() error {
			_, err := c.ArchivePluginVersion(t.Context(), testPluginSid, "")
			return err
		},
		"create version": func() error {
			_, err := c.CreatePluginVersion(t.Context(), "", CreatePluginVersionInput{})
			return err
		},
		"list versions": func() error { _, err := c.ListPluginVersions(t.Context(), ""); return err },
		"fetch plugin":  func() error { _, err := c.FetchPlugin(t.Context(), ""); return err },
		"archive plugin": func() error {
			_, err := c.ArchivePlugin(t.Context(), "")
			return err
		},
	}
	for name, call := range calls {
		if err := call(); err == nil || !strings.Contains(err.Error(), "is empty") {
			t.Errorf("%s: err = %v, want an empty-identifier error", name, err)
		}
	}
	if n := srv.count(); n != 0 {
		t.Errorf("server saw %d requests, want 0", n)
	}
}

func TestFetchDecodesUnknownFieldsAndNulls(t *testing.T) {
	srv := newAPIServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"sid":"` + testVersionSid + `","plugin_sid":"` + testPluginSid +
			`","version":"1.2.3","changelog":null,"private":null,"archived":true,` +
			`"links":{"x":"y"},"new_field":[1,2]}`))
	})
	c, _ := newTestClient(t, srv.Server)
	v, err := c.FetchPluginVersion(t.Context(), testPluginSid, testVersionSid)
	if err != nil {
		t.Fatalf("FetchPluginVersion: %v", err)
	}
	want := PluginVersion{Sid: testVersionSid, PluginSid: testPluginSid, Version: "1.2.3",
		Archived: true}
	if *v != want {
		t.Errorf("got %+v, want %+v", *v, want)
	}
}

func TestArchivePluginVersion(t *testing.T) {
	srv := newAPIServer(t, func(w http.ResponseWriter, r *http.Request) {
		v := pluginVersionJSON(testVersionSid, "1.0.0")
		v["archived"] = true
		writeJSON(w, http.StatusOK, v)
	})
	c, _ := newTestClient(t, srv.Server)
	v, err := c.ArchivePluginVersion(t.Context(), testPluginSid, testVersionSid)
	if err != nil {
		t.Fatalf("ArchivePluginVersion: %v", err)
	}
	if !v.Archived {
		t.Error("Archived = false, want true")
	}
	got := srv.requests()[0]
	wantURI := versionsPath() + "/" + testVersionSid + "/Archive"
	if got.Method != http.MethodPost || got.RequestURI != wantURI || len(got.Form) != 0 {
		t.Errorf("request = %s %s form %v, want POST %s with no form", got.Method,
			got.RequestURI, got.Form, wantURI)
	}
}

func TestMalformedSuccessBodies(t *testing.T) {
	tests := []struct {
		name        string
		contentType string
		body        string
		wantErr     string
	}{
		{"invalid JSON", "application/json", `{"sid": "FV1",`, "malformed plugin version"},
		{"wrong type", "application/json", `{"sid": 42}`, "malformed plugin version"},
		{"wrong nested type", "application/json", `{"sid": "FV1", "archived": "yes"}`,
			"malformed plugin version"},
		{"missing sid", "application/json", `{"version": "1.0.0"}`, "has no sid"},
		{"null sid", "application/json", `{"sid": null}`, "has no sid"},
		{"array", "application/json", `[{"sid": "FV1"}]`, "not a JSON object"},
		{"HTML page", "text/html", "<html><body><h1>Welcome to the proxy</h1></body></html>",
			"Welcome to the proxy"},
		{"empty body", "application/json", "", "response body is empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newAPIServer(t, func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", tt.contentType)
				w.WriteHeader(http.StatusOK)
				_, _ = w.Write([]byte(tt.body))
			})
			c, _ := newTestClient(t, srv.Server)
			_, err := c.FetchPluginVersion(t.Context(), testPluginSid, testVersionSid)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("fetch err = %v, want one containing %q", err, tt.wantErr)
			}
			if errors.Is(err, ErrOutcomeUnknown) {
				t.Errorf("fetch err matches ErrOutcomeUnknown: %v", err)
			}
			_, err = c.CreatePluginVersion(t.Context(), testPluginSid,
				CreatePluginVersionInput{Version: "1.0.0"})
			if !errors.Is(err, ErrOutcomeUnknown) || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("create err = %v, want ErrOutcomeUnknown containing %q", err, tt.wantErr)
			}
		})
	}
}

func TestRedirectToAnotherHostIsRefused(t *testing.T) {
	srv := newAPIServer(t, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "http://elsewhere.invalid"+r.URL.Path, http.StatusFound)
	})
	c, guard := newTestClient(t, srv.Server)

	_, err := c.FetchPluginVersion(t.Context(), testPluginSid, testVersionSid)
	if !errors.Is(err, errRedirectRefused) {
		t.Fatalf("fetch err = %v, want a refused redirect", err)
	}
	if !strings.Contains(err.Error(), "elsewhere.invalid") {
		t.Errorf("error %q does not name the redirect target", err)
	}
	_, err = c.CreatePluginVersion(t.Context(), testPluginSid, CreatePluginVersionInput{})
	if !errors.Is(err, errRedirectRefused) || errors.Is(err, ErrOutcomeUnknown) {
		t.Errorf("create err = %v, want a refused redirect with a known outcome", err)
	}
	if n := srv.count(); n != 2 {
		t.Errorf("server saw %d requests, want 2 (no retries of a refused redirect)", n)
	}
	for _, addr := range guard.addresses() {
		if addr != guard.allowed {
			t.Errorf("client dialed %s", addr)
		}
	}
}

func TestRedirectToSameHostKeepsCredentials(t *testing.T) {
	srv := newAPIServer(t, func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/old") {
			http.Redirect(w, r, "/v1/PluginService/Plugins/new", http.StatusMovedPermanently)
			return
		}
		writeJSON(w, http.StatusOK, map[string]any{"sid": testPluginSid})
	})
	c, _ := newTestClient(t, srv.Server)
	if _, err := c.FetchPlugin(t.Context(), "old"); err != nil {
		t.Fatalf("FetchPlugin: %v", err)
	}
	reqs := srv.requests()
	if len(reqs) != 2 || reqs[1].RequestURI != "/v1/PluginService/Plugins/new" {
		t.Fatalf("requests = %+v, want the redirect followed", reqs)
	}
	user, pass, ok := (&http.Request{Header: reqs[1].Header}).BasicAuth()
	if !ok || user != testAccountSid || pass != testAuthToken {
		t.Error("the redirected request did not carry the credentials")
	}
}
