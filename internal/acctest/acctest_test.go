package acctest

import (
	"encoding/json"
	"net"
	"net/http"
	"strings"
	"testing"

	"github.com/flexplugins/terraform-provider-twilio/internal/emulator"
)

func getPlugin(t *testing.T, baseURL, ref string) (int, map[string]any) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet,
		baseURL+"/v1/PluginService/Plugins/"+ref, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.SetBasicAuth(AccountSid, AuthToken)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("GET plugin %s: %v", ref, err)
	}
	defer func() { _ = res.Body.Close() }()
	var body map[string]any
	if err := json.NewDecoder(res.Body).Decode(&body); err != nil {
		t.Fatalf("decoding plugin: %v", err)
	}
	return res.StatusCode, body
}

func TestStartEmulator(t *testing.T) {
	if ConformanceMode() {
		t.Skip("this test checks the per-test emulator, which conformance mode replaces")
	}
	var url string
	t.Run("running", func(t *testing.T) {
		var srv *emulator.Server
		srv, url = StartEmulator(t)
		if !strings.HasPrefix(url, "http://127.0.0.1:") {
			t.Errorf("URL %q is not on 127.0.0.1", url)
		}
		p := srv.AddPlugin("acctest")
		status, body := getPlugin(t, url, "acctest")
		if status != http.StatusOK || body["sid"] != p.Sid {
			t.Errorf("GET answered %d %v, want the seeded plugin %s", status, body, p.Sid)
		}
	})
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet,
		url+"/v1/PluginService/Plugins", nil)
	if err != nil {
		t.Fatal(err)
	}
	if res, err := http.DefaultClient.Do(req); err == nil {
		_ = res.Body.Close()
		t.Errorf("the emulator still answers at %s after its test ended", url)
	}
}

func TestStartEmulatorConformanceMode(t *testing.T) {
	upstream := freeLoopbackAddr(t)
	const proxy = "http://127.0.0.1:4010/"
	t.Setenv(EnvConformanceProxyURL, proxy)
	t.Setenv(EnvConformanceUpstream, upstream)
	if !ConformanceMode() {
		t.Fatal("ConformanceMode() is false with both variables set")
	}

	first, url := StartEmulator(t)
	second, _ := StartEmulator(t)
	if first != second {
		t.Error("two tests got different emulators in conformance mode")
	}
	if url != strings.TrimSuffix(proxy, "/") {
		t.Errorf("URL %q, want the proxy URL without a trailing slash", url)
	}
	p := first.AddPlugin("shared")
	status, body := getPlugin(t, "http://"+upstream, p.Sid)
	if status != http.StatusOK || body["unique_name"] != "shared" {
		t.Errorf("upstream answered %d %v, want the seeded plugin", status, body)
	}
}

func freeLoopbackAddr(t *testing.T) string {
	t.Helper()
	ln, err := new(net.ListenConfig).Listen(t.Context(), "tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	_ = ln.Close()
	return addr
}

func TestSharedEmulatorRefusesNonLoopback(t *testing.T) {
	for _, addr := range []string{"0.0.0.0:4011", "10.1.2.3:4011", "localhost:4011", ":4011",
		"4011"} {
		if _, err := sharedEmulator(addr); err == nil {
			t.Errorf("sharedEmulator(%q) started; want a loopback-only error", addr)
		}
	}
}

func TestProviderConfig(t *testing.T) {
	got := ProviderConfig("http://127.0.0.1:4010")
	want := `provider "twilio" {
  flex_api_url = "http://127.0.0.1:4010"
  account_sid  = "` + AccountSid + `"
  auth_token   = "` + AuthToken + `"
}
`
	if got != want {
		t.Errorf("ProviderConfig =\n%s\nwant\n%s", got, want)
	}
}

func TestHCLString(t *testing.T) {
	cases := map[string]string{
		`plain`:       `"plain"`,
		`a"b\c`:       `"a\"b\\c"`,
		"${var.x}":    `"$${var.x}"`,
		"%{if x}":     `"%%{if x}"`,
		"line\nbreak": `"line\nbreak"`,
	}
	for in, want := range cases {
		if got := hclString(in); got != want {
			t.Errorf("hclString(%q) = %s, want %s", in, got, want)
		}
	}
}
