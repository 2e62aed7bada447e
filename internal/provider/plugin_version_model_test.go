package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// TestPluginVersionsStateReadsBack checks that the list built without reflection is
// what the framework itself reads back into the shared model, null changelog included.
func TestPluginVersionsStateReadsBack(t *testing.T) {
	versions := benchPluginVersions(3)
	versions[1].Changelog = ""
	config := pluginVersionsConfig(t)

	state := tfsdk.State{Schema: config.Schema}
	if diags := setPluginVersionsState(&state, config, versions); diags.HasError() {
		t.Fatalf("setting the state: %v", diags)
	}

	var got []pluginVersionModel
	if diags := state.GetAttribute(t.Context(), path.Root("plugin_versions"), &got); diags.HasError() {
		t.Fatalf("reading plugin_versions back: %v", diags)
	}
	if len(got) != len(versions) {
		t.Fatalf("read back %d versions, want %d", len(got), len(versions))
	}
	for i := range versions {
		if want := newPluginVersionModel(&versions[i]); got[i] != want {
			t.Errorf("version %d: read back %+v, want %+v", i, got[i], want)
		}
	}
	if !got[1].Changelog.IsNull() {
		t.Errorf("an empty changelog read back as %v, want null", got[1].Changelog)
	}

	var pluginSid types.String
	state.GetAttribute(t.Context(), path.Root("plugin_sid"), &pluginSid)
	if pluginSid.ValueString() != benchPluginSid {
		t.Errorf("plugin_sid read back as %v, want the configured %s", pluginSid, benchPluginSid)
	}
}
