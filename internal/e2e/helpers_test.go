package e2e

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"

	"github.com/flexplugins/terraform-provider-twilio/internal/acctest"
	"github.com/flexplugins/terraform-provider-twilio/internal/emulator"
)

const versionResourceType = "twilio_flex_plugin_version"

// requireAcceptance skips unless TF_ACC is set, like the provider's acceptance tests.
func requireAcceptance(t *testing.T) {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("TF_ACC is not set; end-to-end tests build the provider and run the " +
			"terraform CLI only when TF_ACC=1")
	}
}

// statusCounts tallies the statuses an emulator answered with; 0 stands for a connection
// closed without an answer.
type statusCounts struct {
	mu     sync.Mutex
	counts map[int]int
}

func (c *statusCounts) get(status int) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.counts[status]
}

// serveEmulator serves server on 127.0.0.1 until the test ends, counting its answers.
func serveEmulator(t *testing.T, server *emulator.Server) (string, *statusCounts) {
	t.Helper()
	counts := &statusCounts{counts: map[int]int{}}
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := emulator.NewStatusRecorder(w)
		defer func() {
			counts.mu.Lock()
			counts.counts[rec.Status()]++
			counts.mu.Unlock()
		}()
		server.ServeHTTP(rec, r)
	})
	return acctest.ServeLoopback(t, handler), counts
}

// providerBlock writes the provider requirement and a provider block; credentials holds
// attribute names and values.
func providerBlock(url string, credentials map[string]string) string {
	var b strings.Builder
	b.WriteString("terraform {\n  required_providers {\n    twilio = {\n" +
		"      source = \"flexplugins/twilio\"\n    }\n  }\n}\n\n")
	fmt.Fprintf(&b, "provider \"twilio\" {\n  flex_api_url = %s\n", strconv.Quote(url))
	for _, name := range []string{"account_sid", "auth_token", "api_key", "api_secret"} {
		if v, ok := credentials[name]; ok {
			fmt.Fprintf(&b, "  %s = %s\n", name, strconv.Quote(v))
		}
	}
	b.WriteString("}\n")
	return b.String()
}

// versionResources writes n plugin version resources named v0.. with versions 1.0.0...
func versionResources(pluginSid string, n int) string {
	var b strings.Builder
	for i := range n {
		version := fmt.Sprintf("1.0.%d", i)
		fmt.Fprintf(&b, "\nresource %q \"v%d\" {\n  plugin_sid = %q\n  version    = %q\n"+
			"  plugin_url = %q\n}\n", versionResourceType, i, pluginSid, version,
			"https://assets.example.com/plugins/e2e/"+version+"/bundle.js")
	}
	return b.String()
}

// stateSids reads `terraform show -json` output into version string => sid.
func stateSids(t *testing.T, showJSON string) map[string]string {
	t.Helper()
	var state tfjson.State
	if err := json.Unmarshal([]byte(showJSON), &state); err != nil {
		t.Fatalf("decoding terraform show -json: %v", err)
	}
	sids := map[string]string{}
	if state.Values == nil || state.Values.RootModule == nil {
		return sids
	}
	for _, r := range state.Values.RootModule.Resources {
		if r.Type != versionResourceType {
			continue
		}
		version, _ := r.AttributeValues["version"].(string)
		sid, _ := r.AttributeValues["sid"].(string)
		if _, dup := sids[version]; dup {
			t.Errorf("state holds version %q twice", version)
		}
		sids[version] = sid
	}
	return sids
}

// serverSids maps each version string the server holds to its sids, archived or not.
func serverSids(server *emulator.Server, pluginSid string) map[string][]string {
	sids := map[string][]string{}
	for _, v := range server.PluginVersions(pluginSid) {
		sids[v.Version] = append(sids[v.Version], v.Sid)
	}
	return sids
}

func randomHex(t *testing.T, bytes int) string {
	t.Helper()
	b := make([]byte, bytes)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(b)
}
