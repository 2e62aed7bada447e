package emulator_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/flexplugins/terraform-provider-twilio/internal/emulator"
)

func TestAuthentication(t *testing.T) {
	opts := emulator.DefaultOptions()
	cases := []struct {
		name       string
		user, pass string
		wantStatus int
	}{
		{"account SID and auth token", opts.AccountSid, opts.AuthToken, http.StatusOK},
		{"API key and secret", opts.APIKey, opts.APISecret, http.StatusOK},
		{"no credentials", "", "", http.StatusUnauthorized},
		{"wrong auth token", opts.AccountSid, "wrong-token", http.StatusUnauthorized},
		{"account SID with API secret", opts.AccountSid, opts.APISecret, http.StatusUnauthorized},
		{"API key with auth token", opts.APIKey, opts.AuthToken, http.StatusUnauthorized},
		{"unknown account", "AC" + strings.Repeat("f", 32), opts.AuthToken,
			http.StatusUnauthorized},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			api := newTestAPI(t)
			api.user, api.pass = tc.user, tc.pass
			r := api.call(http.MethodGet, "/v1/PluginService/Plugins", nil)
			if tc.wantStatus == http.StatusOK {
				if r.status != http.StatusOK {
					t.Fatalf("status %d, want 200; body %s", r.status, r.body)
				}
				return
			}
			checkError(t, r, http.StatusUnauthorized, emulator.CodeAuthenticate)
			if !strings.HasPrefix(r.header.Get("WWW-Authenticate"), "Basic") {
				t.Errorf("WWW-Authenticate %q, want a Basic challenge",
					r.header.Get("WWW-Authenticate"))
			}
			if tc.pass != "" && strings.Contains(string(r.body), tc.pass) {
				t.Errorf("error body %s reveals the password", r.body)
			}
		})
	}
}

func TestAuthenticationComesBeforeRouting(t *testing.T) {
	api := newTestAPI(t)
	api.pass = "wrong"
	r := api.call(http.MethodGet, "/v1/Nowhere", nil)
	checkError(t, r, http.StatusUnauthorized, emulator.CodeAuthenticate)
}

func TestCustomCredentials(t *testing.T) {
	srv := emulator.New(emulator.Options{AccountSid: "AC" + strings.Repeat("1", 32),
		AuthToken: "custom-token"})
	got := srv.Options()
	if got.AuthToken != "custom-token" || got.AccountSid != "AC"+strings.Repeat("1", 32) {
		t.Errorf("Options() = %+v, want the custom account SID and token", got)
	}
	if got.APIKey != emulator.DefaultAPIKey || got.APISecret != emulator.DefaultAPISecret {
		t.Errorf("Options() = %+v, want default API key and secret filled in", got)
	}
}
