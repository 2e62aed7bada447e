package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/flexplugins/terraform-provider-twilio/internal/flexapi"
)

// benchListedVersions is one full page of the API's listing.
const benchListedVersions = 1000

const benchPluginSid = "FP00000000000000000000000000000001"

// benchPluginVersions returns n plugin versions shaped like the API's, newest first.
func benchPluginVersions(n int) []flexapi.PluginVersion {
	versions := make([]flexapi.PluginVersion, n)
	for i := range versions {
		sid := fmt.Sprintf("FV%032x", n-i)
		version := fmt.Sprintf("1.0.%d", n-i)
		versions[i] = flexapi.PluginVersion{
			Sid:         sid,
			AccountSid:  "AC00000000000000000000000000000001",
			PluginSid:   benchPluginSid,
			Version:     version,
			PluginURL:   "https://assets.example.com/bench/" + version + "/bundle.js",
			Changelog:   "Version " + version,
			Archived:    i%10 == 0,
			Validated:   true,
			DateCreated: "2025-01-02T03:04:05Z",
			URL: "https://flex-api.twilio.com/v1/PluginService/Plugins/" + benchPluginSid +
				"/Versions/" + sid,
		}
	}
	return versions
}

// pluginVersionsConfig returns the plugin versions data source's configuration as
// Terraform sends it: plugin_sid set, everything else null.
func pluginVersionsConfig(tb testing.TB) tfsdk.Config {
	tb.Helper()
	ctx := tb.Context()
	var resp datasource.SchemaResponse
	newPluginVersionsDataSource().Schema(ctx, datasource.SchemaRequest{}, &resp)
	if resp.Diagnostics.HasError() {
		tb.Fatalf("schema: %v", resp.Diagnostics)
	}
	objectType, ok := resp.Schema.Type().TerraformType(ctx).(tftypes.Object)
	if !ok {
		tb.Fatal("the data source schema is not an object type")
	}
	values := make(map[string]tftypes.Value, len(objectType.AttributeTypes))
	for name, t := range objectType.AttributeTypes {
		values[name] = tftypes.NewValue(t, nil)
	}
	values["plugin_sid"] = tftypes.NewValue(tftypes.String, benchPluginSid)
	return tfsdk.Config{Schema: resp.Schema, Raw: tftypes.NewValue(objectType, values)}
}

// BenchmarkPluginVersionsState measures what the plugin versions data source does with
// one listing of 1,000 versions once it has it: converting them through the shared
// model into the state Terraform receives.
func BenchmarkPluginVersionsState(b *testing.B) {
	versions := benchPluginVersions(benchListedVersions)
	config := pluginVersionsConfig(b)

	b.ReportAllocs()
	for b.Loop() {
		state := tfsdk.State{Schema: config.Schema}
		if diags := setPluginVersionsState(&state, config, versions); diags.HasError() {
			b.Fatalf("setting the state: %v", diags)
		}
	}
}
