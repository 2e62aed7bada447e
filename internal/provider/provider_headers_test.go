package provider

import (
	"context"
	"encoding/base64"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/flexplugins/terraform-provider-twilio/internal/emulator"
)

// headerRecorder serves the emulator and keeps the headers of the last request.
type headerRecorder struct {
	next http.Handler
	mu   sync.Mutex
	last http.Header
}

func (h *headerRecorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.mu.Lock()
	h.last = r.Header.Clone()
	h.mu.Unlock()
	h.next.ServeHTTP(w, r)
}

func TestProviderSendsIdentifyingHeaders(t *testing.T) {
	opts := emulator.DefaultOptions()
	server := emulator.New(opts)
	plugin := server.AddPlugin("headers")
	recorder := &headerRecorder{next: server}
	httpServer := httptest.NewServer(recorder)
	defer httpServer.Close()

	ctx := context.Background()
	c := unconfiguredClient(t)
	configure, err := c.server.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{
		TerraformVersion: "1.11.4",
		Config: c.value(c.schemas.Provider, map[string]tftypes.Value{
			"flex_api_url":  str(httpServer.URL),
			"api_key":       str(opts.APIKey),
			"api_secret":    str(opts.APISecret),
			"flex_metadata": str(`{"source":"terraform"}`),
		}),
	})
	if err != nil || hasErrors(configure.Diagnostics) {
		t.Fatalf("ConfigureProvider: %v %s", err, diagnosticsText(configure.Diagnostics))
	}
	c.readDataSource("twilio_flex_plugin", map[string]tftypes.Value{"sid": str(plugin.Sid)})

	got := recorder.last
	if ua := got.Get("User-Agent"); !strings.HasPrefix(ua, "terraform-provider-twilio/test ") ||
		!strings.Contains(ua, "Terraform/1.11.4") {
		t.Errorf("User-Agent = %q, want the provider and Terraform versions", ua)
	}
	if fm := got.Get("Flex-Metadata"); fm != `{"source":"terraform"}` {
		t.Errorf("Flex-Metadata = %q", fm)
	}
	wantAuth := "Basic " + base64.StdEncoding.EncodeToString([]byte(opts.APIKey+":"+opts.APISecret))
	if got.Get("Authorization") != wantAuth {
		t.Errorf("the API key, not the account SID, must be the basic-auth user")
	}
}
