package provider

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/flexplugins/terraform-provider-twilio/internal/acctest"
)

func TestAccPluginDataSource_byNameAndSid(t *testing.T) {
	env := newTestEnv(t)
	plugin, _ := env.server.Plugin(env.pluginSid)

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: env.config(`
data "twilio_flex_plugin" "by_name" {
  unique_name = %q
}

data "twilio_flex_plugin" "by_sid" {
  sid = data.twilio_flex_plugin.by_name.sid
}
`, plugin.UniqueName),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.twilio_flex_plugin.by_name", tfjsonpath.New("sid"),
					knownvalue.StringExact(env.pluginSid)),
				statecheck.ExpectKnownValue("data.twilio_flex_plugin.by_sid",
					tfjsonpath.New("unique_name"), knownvalue.StringExact(plugin.UniqueName)),
				statecheck.ExpectKnownValue("data.twilio_flex_plugin.by_sid", tfjsonpath.New("archived"),
					knownvalue.Bool(false)),
				statecheck.ExpectKnownValue("data.twilio_flex_plugin.by_sid", tfjsonpath.New("url"),
					knownvalue.StringRegexp(regexp.MustCompile(`/v1/PluginService/Plugins/FP`))),
			},
		}},
	})
}

func TestAccPluginDataSource_unknownName(t *testing.T) {
	env := newTestEnv(t)

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: env.config(`
data "twilio_flex_plugin" "missing" {
  unique_name = "no-such-plugin"
}
`),
			ExpectError: regexp.MustCompile(`(?s)Plugin Not Found.*No plugin "no-such-plugin" exists.*HTTP 404`),
		}},
	})
}

func TestAccPluginVersionDataSource_selectors(t *testing.T) {
	env := newTestEnv(t)
	seeded := env.server.AddPluginVersions(env.pluginSid, 4) // oldest first
	newest, older := seeded[3], seeded[1]
	env.server.ArchivePluginVersion(env.pluginSid, newest.Sid)

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: env.config(`
data "twilio_flex_plugin_version" "by_sid" {
  plugin_sid = %[1]q
  sid        = %[2]q
}

data "twilio_flex_plugin_version" "by_version" {
  plugin_sid = %[1]q
  version    = %[3]q
}

data "twilio_flex_plugin_version" "latest" {
  plugin_sid = %[1]q
  latest     = true
}
`, env.pluginSid, newest.Sid, older.Version),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.twilio_flex_plugin_version.by_sid",
					tfjsonpath.New("archived"), knownvalue.Bool(true)),
				statecheck.ExpectKnownValue("data.twilio_flex_plugin_version.by_version",
					tfjsonpath.New("sid"), knownvalue.StringExact(older.Sid)),
				// The newest version is archived, so latest skips to the one before it.
				statecheck.ExpectKnownValue("data.twilio_flex_plugin_version.latest",
					tfjsonpath.New("sid"), knownvalue.StringExact(seeded[2].Sid)),
			},
		}},
	})
}

func TestAccPluginVersionDataSource_notFound(t *testing.T) {
	env := newTestEnv(t)

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: env.config(`
data "twilio_flex_plugin_version" "missing" {
  plugin_sid = %q
  version    = "9.9.9"
}
`, env.pluginSid),
				ExpectError: regexp.MustCompile(`(?s)Plugin Version Not Found.*no version "9.9.9"`),
			},
			{
				Config: env.config(`
data "twilio_flex_plugin_version" "none" {
  plugin_sid = %q
  latest     = true
}
`, env.pluginSid),
				ExpectError: regexp.MustCompile(`no version that is not\s+archived`),
			},
		},
	})
}

// The module example deploys each bump of its version variable as a new plugin version,
// created before the old one is archived.
func TestAccExample_pluginReleaseModule(t *testing.T) {
	env := newTestEnv(t)
	// The module names the provider by its registry address, so the test serves it there.
	t.Setenv("TF_ACC_PROVIDER_NAMESPACE", "flexplugins")
	t.Setenv("TWILIO_FLEX_API_URL", env.url)
	t.Setenv("TWILIO_ACCOUNT_SID", acctest.AccountSid)
	t.Setenv("TWILIO_AUTH_TOKEN", acctest.AuthToken)
	variables := func(version string) config.Variables {
		return config.Variables{
			"plugin_sid":     config.StringVariable(env.pluginSid),
			"plugin_version": config.StringVariable(version),
			"plugin_url":     config.StringVariable(bundleURL(version)),
		}
	}
	const address = "twilio_flex_plugin_version.this"

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				ConfigDirectory: config.StaticDirectory("../../examples/modules/plugin_release"),
				ConfigVariables: variables("1.0.0"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(address, tfjsonpath.New("version"),
						knownvalue.StringExact("1.0.0")),
				},
			},
			{
				ConfigDirectory: config.StaticDirectory("../../examples/modules/plugin_release"),
				ConfigVariables: variables("1.0.1"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(address, plancheck.ResourceActionCreateBeforeDestroy),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					checkServer(address, func(pluginSid, sid string) error {
						versions := env.server.PluginVersions(pluginSid)
						if len(versions) != 2 || versions[0].Sid != sid || !versions[1].Archived {
							return fmt.Errorf("want the new version live and the old archived, got %+v",
								versions)
						}
						return nil
					}),
				},
			},
		},
	})
}
