package provider

import (
	"context"
	"fmt"
	"strings"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/flexplugins/terraform-provider-twilio/internal/acctest"
	"github.com/flexplugins/terraform-provider-twilio/internal/emulator"
)

// protoV6ProviderFactories serves the provider in-process to the Terraform CLI that
// acceptance tests run; every command gets a fresh provider instance.
var protoV6ProviderFactories = map[string]func() (tfprotov6.ProviderServer, error){
	"twilio": func() (tfprotov6.ProviderServer, error) {
		return providerserver.NewProtocol6WithError(New("test")())()
	},
}

// testEnv is one acceptance test's emulator with a plugin to attach versions to.
type testEnv struct {
	server    *emulator.Server
	url       string
	pluginSid string
}

func newTestEnv(t *testing.T) testEnv {
	t.Helper()
	server, url := acctest.StartEmulator(t)
	plugin := server.AddPlugin(uniqueName(t))
	return testEnv{server: server, url: url, pluginSid: plugin.Sid}
}

// uniqueName gives each test its own plugin name, since conformance runs share one
// emulator across tests.
func uniqueName(t *testing.T) string {
	return strings.ToLower(strings.NewReplacer("/", "-", "_", "-").Replace(t.Name()))
}

// config prefixes HCL with a provider block aimed at this test's emulator.
func (e testEnv) config(hcl string, args ...any) string {
	return acctest.ProviderConfig(e.url) + "\n" + fmt.Sprintf(hcl, args...)
}

// versionsPath is the API path of the plugin's versions, as the emulator counts it.
func (e testEnv) versionsPath() string {
	return "/v1/PluginService/Plugins/" + e.pluginSid + "/Versions"
}

// emulatorCheck is a state check that hands a resource's plugin and version SIDs to
// a function that inspects the emulator, so that tests can assert what the server holds.
type emulatorCheck struct {
	address string
	check   func(pluginSid, sid string) error
}

func checkServer(address string, check func(pluginSid, sid string) error) statecheck.StateCheck {
	return emulatorCheck{address: address, check: check}
}

func (c emulatorCheck) CheckState(
	_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse,
) {
	r := findResource(req.State, c.address)
	if r == nil {
		resp.Error = fmt.Errorf("%s is not in state", c.address)
		return
	}
	pluginSid, _ := r.AttributeValues["plugin_sid"].(string)
	sid, _ := r.AttributeValues["sid"].(string)
	resp.Error = c.check(pluginSid, sid)
}

func findResource(state *tfjson.State, address string) *tfjson.StateResource {
	if state == nil || state.Values == nil || state.Values.RootModule == nil {
		return nil
	}
	for _, r := range state.Values.RootModule.Resources {
		if r.Address == address {
			return r
		}
	}
	return nil
}
