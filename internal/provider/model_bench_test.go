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

// BenchmarkPluginVersionModels measures what the plugin versions data source does with
// one listing of 1,000 versions: converting them to models, and then setting the state
// value, the list Terraform receives, from those models.
func BenchmarkPluginVersionModels(b *testing.B) {
	versions := benchPluginVersions(benchListedVersions)

	b.Run("models", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if models := newPluginVersionModels(versions); len(models) != len(versions) {
				b.Fatalf("converted %d versions, want %d", len(models), len(versions))
			}
		}
	})

	b.Run("state", func(b *testing.B) {
		ctx := b.Context()
		var schemaResp datasource.SchemaResponse
		newPluginVersionsDataSource().Schema(ctx, datasource.SchemaRequest{}, &schemaResp)
		if schemaResp.Diagnostics.HasError() {
			b.Fatalf("schema: %v", schemaResp.Diagnostics)
		}
		objectType, ok := schemaResp.Schema.Type().TerraformType(ctx).(tftypes.Object)
		if !ok {
			b.Fatal("the data source schema is not an object type")
		}

		// The configuration as Terraform sends it: plugin_sid set, everything else null.
		values := make(map[string]tftypes.Value, len(objectType.AttributeTypes))
		for name, t := range objectType.AttributeTypes {
			values[name] = tftypes.NewValue(t, nil)
		}
		values["plugin_sid"] = tftypes.NewValue(tftypes.String, benchPluginSid)
		config := tfsdk.Config{Schema: schemaResp.Schema, Raw: tftypes.NewValue(objectType, values)}
		var model pluginVersionsDataSourceModel
		if diags := config.Get(ctx, &model); diags.HasError() {
			b.Fatalf("reading the configuration: %v", diags)
		}

		b.ReportAllocs()
		for b.Loop() {
			model.PluginVersions = newPluginVersionModels(versions)
			state := tfsdk.State{Schema: schemaResp.Schema, Raw: tftypes.NewValue(objectType, nil)}
			if diags := state.Set(ctx, &model); diags.HasError() {
				b.Fatalf("setting the state: %v", diags)
			}
		}
	})
}
