package provider

import (
	"net/http"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

const versionsDataSource = "data.twilio_flex_plugin_versions.test"

const versionsDataSourceHCL = `
data "twilio_flex_plugin_versions" "test" {
  plugin_sid = %q
  %s
}
`

// seededVersions is more than two pages of 1,000, the largest page the API serves.
const seededVersions = 2050

func TestAccPluginVersionsDataSource_allPages(t *testing.T) {
	env := newTestEnv(t)
	env.server.AddPluginVersions(env.pluginSid, seededVersions)
	newest := env.server.PluginVersions(env.pluginSid)[0]

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: env.config(versionsDataSourceHCL, env.pluginSid, ""),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(versionsDataSource, tfjsonpath.New("plugin_versions"),
					knownvalue.ListSizeExact(seededVersions)),
				statecheck.ExpectKnownValue(versionsDataSource,
					tfjsonpath.New("plugin_versions").AtSliceIndex(0),
					knownvalue.ObjectPartial(map[string]knownvalue.Check{
						"sid":        knownvalue.StringExact(newest.Sid),
						"version":    knownvalue.StringExact(newest.Version),
						"plugin_sid": knownvalue.StringExact(env.pluginSid),
						"archived":   knownvalue.Bool(false),
					})),
				statecheck.ExpectKnownValue(versionsDataSource,
					tfjsonpath.New("plugin_versions").AtSliceIndex(seededVersions-1).AtMapKey("version"),
					knownvalue.StringExact(env.server.PluginVersions(env.pluginSid)[seededVersions-1].Version)),
			},
		}},
	})
}

// One read of the data source walks all pages with the largest page size: three
// requests for 2,050 versions.
func TestPluginVersionsDataSource_requestCount(t *testing.T) {
	env := newTestEnv(t)
	env.server.AddPluginVersions(env.pluginSid, seededVersions)
	client := newProtocolClient(t, env.url)
	env.server.ResetRequestCounts()

	state := client.readDataSource("twilio_flex_plugin_versions", map[string]tftypes.Value{
		"plugin_sid": tftypes.NewValue(tftypes.String, env.pluginSid),
	})

	var versions []tftypes.Value
	if err := state["plugin_versions"].As(&versions); err != nil {
		t.Fatal(err)
	}
	if len(versions) != seededVersions {
		t.Errorf("got %d versions, want %d", len(versions), seededVersions)
	}
	if n := env.server.RequestCount(http.MethodGet, env.versionsPath()); n != 3 {
		t.Errorf("listing made %d requests, want 3", n)
	}
}

func TestAccPluginVersionsDataSource_emptyAndFiltered(t *testing.T) {
	env := newTestEnv(t)
	empty := env.server.AddPlugin(uniqueName(t) + "-empty")
	seeded := env.server.AddPluginVersions(env.pluginSid, 12)
	env.server.ArchivePluginVersion(env.pluginSid, seeded[11].Sid)

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: env.config(`
data "twilio_flex_plugin_versions" "empty" {
  plugin_sid = %q
}

data "twilio_flex_plugin_versions" "unarchived" {
  plugin_sid       = %q
  include_archived = false
}

data "twilio_flex_plugin_versions" "prefixed" {
  plugin_sid     = %q
  version_prefix = %q
}
`, empty.Sid, env.pluginSid, env.pluginSid, seeded[10].Version),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.twilio_flex_plugin_versions.empty",
					tfjsonpath.New("plugin_versions"), knownvalue.ListExact([]knownvalue.Check{})),
				statecheck.ExpectKnownValue("data.twilio_flex_plugin_versions.unarchived",
					tfjsonpath.New("plugin_versions"), knownvalue.ListSizeExact(11)),
				statecheck.ExpectKnownValue("data.twilio_flex_plugin_versions.prefixed",
					tfjsonpath.New("plugin_versions"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectPartial(map[string]knownvalue.Check{
							"sid": knownvalue.StringExact(seeded[10].Sid),
						}),
					})),
			},
		}},
	})
}

func TestAccPluginVersionsDataSource_invalidPluginSid(t *testing.T) {
	env := newTestEnv(t)

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      env.config(versionsDataSourceHCL, "my-plugin", ""),
			ExpectError: regexp.MustCompile(`(?s)Invalid SID.*"my-plugin"`),
		}},
	})
}
