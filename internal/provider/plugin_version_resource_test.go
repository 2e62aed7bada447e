package provider

import (
	"fmt"
	"net/http"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

const testResource = "twilio_flex_plugin_version.test"

const pluginVersionHCL = `
resource "twilio_flex_plugin_version" "test" {
  plugin_sid = %q
  version    = %q
  plugin_url = %q
  %s
}
`

func (e testEnv) pluginVersionConfig(version, pluginURL, extra string) string {
	return e.config(pluginVersionHCL, e.pluginSid, version, pluginURL, extra)
}

func bundleURL(version string) string {
	return "https://assets.example.com/plugins/demo/" + version + "/bundle.js"
}

func TestAccPluginVersion_createImportAndDestroy(t *testing.T) {
	env := newTestEnv(t)
	var archivedSid string

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy: func(_ *terraform.State) error {
			v, ok := env.server.PluginVersion(env.pluginSid, archivedSid)
			if !ok || !v.Archived {
				return fmt.Errorf("plugin version %s should be archived after destroy, got %+v",
					archivedSid, v)
			}
			if n := env.server.RequestCount(http.MethodPost,
				env.versionsPath()+"/"+archivedSid+"/Archive"); n != 1 {
				return fmt.Errorf("destroy sent %d archive requests, want 1", n)
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				PreConfig: env.server.ResetRequestCounts,
				Config: env.pluginVersionConfig("1.0.0", bundleURL("1.0.0"), `
  changelog       = "First release"
  private         = true
  cli_version     = "6.3.2"
  validate_status = "success"`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testResource, tfjsonpath.New("sid"),
						knownvalue.StringRegexp(regexp.MustCompile(`^FV[0-9a-f]{32}$`))),
					statecheck.CompareValuePairs(testResource, tfjsonpath.New("id"),
						testResource, tfjsonpath.New("sid"), compare.ValuesSame()),
					statecheck.ExpectKnownValue(testResource, tfjsonpath.New("plugin_sid"),
						knownvalue.StringExact(env.pluginSid)),
					statecheck.ExpectKnownValue(testResource, tfjsonpath.New("version"),
						knownvalue.StringExact("1.0.0")),
					statecheck.ExpectKnownValue(testResource, tfjsonpath.New("changelog"),
						knownvalue.StringExact("First release")),
					statecheck.ExpectKnownValue(testResource, tfjsonpath.New("private"),
						knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(testResource, tfjsonpath.New("validated"),
						knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(testResource, tfjsonpath.New("archived"),
						knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(testResource, tfjsonpath.New("cli_version"),
						knownvalue.StringExact("6.3.2")),
					statecheck.ExpectKnownValue(testResource, tfjsonpath.New("account_sid"),
						knownvalue.StringRegexp(regexp.MustCompile(`^AC[0-9a-f]{32}$`))),
					statecheck.ExpectKnownValue(testResource, tfjsonpath.New("date_created"),
						knownvalue.StringRegexp(regexp.MustCompile(`^\d{4}-\d\d-\d\dT`))),
					statecheck.ExpectKnownValue(testResource, tfjsonpath.New("url"),
						knownvalue.StringRegexp(regexp.MustCompile(`/Versions/FV[0-9a-f]{32}$`))),
					checkServer(testResource, func(pluginSid, sid string) error {
						archivedSid = sid
						v, ok := env.server.PluginVersion(pluginSid, sid)
						if !ok || v.PluginURL != bundleURL("1.0.0") || !v.Private {
							return fmt.Errorf("server holds %+v (found %v)", v, ok)
						}
						// Create builds state from its own answer: one POST, no fetch.
						if n := env.server.RequestCount(http.MethodPost, env.versionsPath()); n != 1 {
							return fmt.Errorf("create sent %d POSTs, want 1", n)
						}
						return nil
					}),
				},
			},
			{
				ResourceName:      testResource,
				ImportState:       true,
				ImportStateIdFunc: importID(testResource),
				ImportStateVerify: true,
				// The API never returns these two, so an import cannot know them.
				ImportStateVerifyIgnore: []string{"cli_version", "validate_status"},
			},
		},
	})
}

func TestAccPluginVersion_newVersionReplaces(t *testing.T) {
	env := newTestEnv(t)
	sidChanges := statecheck.CompareValue(compare.ValuesDiffer())
	var firstSid string

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: env.pluginVersionConfig("1.0.0", bundleURL("1.0.0"), ""),
				ConfigStateChecks: []statecheck.StateCheck{
					sidChanges.AddStateValue(testResource, tfjsonpath.New("sid")),
					checkServer(testResource, func(_, sid string) error {
						firstSid = sid
						return nil
					}),
				},
			},
			{
				Config: env.pluginVersionConfig("1.1.0", bundleURL("1.1.0"), ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(testResource,
							plancheck.ResourceActionDestroyBeforeCreate),
						plancheck.ExpectUnknownValue(testResource, tfjsonpath.New("sid")),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					sidChanges.AddStateValue(testResource, tfjsonpath.New("sid")),
					statecheck.ExpectKnownValue(testResource, tfjsonpath.New("version"),
						knownvalue.StringExact("1.1.0")),
					checkServer(testResource, func(pluginSid, _ string) error {
						old, _ := env.server.PluginVersion(pluginSid, firstSid)
						if !old.Archived {
							return fmt.Errorf("replaced version %s was not archived", firstSid)
						}
						return nil
					}),
				},
			},
		},
	})
}

func TestAccPluginVersion_changeUnderSameVersionRejected(t *testing.T) {
	env := newTestEnv(t)

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: env.pluginVersionConfig("1.0.0", bundleURL("1.0.0"),
					`changelog = "First release"`),
			},
			{
				Config: env.pluginVersionConfig("1.0.0", bundleURL("1.0.0"),
					`changelog = "First release, reworded"`),
				ExpectError: regexp.MustCompile(`(?s)Version Must Change.*keeps version "1.0.0"`),
			},
			{
				// The failed plan archived nothing, and the unchanged configuration is still
				// in step with the server.
				Config: env.pluginVersionConfig("1.0.0", bundleURL("1.0.0"),
					`changelog = "First release"`),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					checkServer(testResource, func(pluginSid, sid string) error {
						if v, _ := env.server.PluginVersion(pluginSid, sid); v.Archived {
							return fmt.Errorf("version %s was archived by a rejected plan", sid)
						}
						return nil
					}),
				},
			},
		},
	})
}

func TestAccPluginVersion_archivedOutsideTerraform(t *testing.T) {
	env := newTestEnv(t)
	var sid string

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: env.pluginVersionConfig("2.0.0", bundleURL("2.0.0"), ""),
				ConfigStateChecks: []statecheck.StateCheck{
					checkServer(testResource, func(_, s string) error { sid = s; return nil }),
				},
			},
			{
				PreConfig: func() {
					if !env.server.ArchivePluginVersion(env.pluginSid, sid) {
						t.Fatalf("could not archive %s in the emulator", sid)
					}
				},
				Config: env.pluginVersionConfig("2.0.0", bundleURL("2.0.0"), ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(testResource, plancheck.ResourceActionNoop),
						plancheck.ExpectKnownValue(testResource, tfjsonpath.New("archived"),
							knownvalue.Bool(true)),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testResource, tfjsonpath.New("archived"),
						knownvalue.Bool(true)),
				},
			},
			{
				// Destroying a version that is already archived succeeds.
				Config:  env.pluginVersionConfig("2.0.0", bundleURL("2.0.0"), ""),
				Destroy: true,
			},
		},
	})
}

func TestAccPluginVersion_goneIsRecreated(t *testing.T) {
	env := newTestEnv(t)
	sidChanges := statecheck.CompareValue(compare.ValuesDiffer())
	var sid string

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: env.pluginVersionConfig("3.0.0", bundleURL("3.0.0"), ""),
				ConfigStateChecks: []statecheck.StateCheck{
					sidChanges.AddStateValue(testResource, tfjsonpath.New("sid")),
					checkServer(testResource, func(_, s string) error { sid = s; return nil }),
				},
			},
			{
				PreConfig: func() {
					if !env.server.RemovePluginVersion(env.pluginSid, sid) {
						t.Fatalf("could not remove %s from the emulator", sid)
					}
				},
				Config: env.pluginVersionConfig("3.0.0", bundleURL("3.0.0"), ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(testResource, plancheck.ResourceActionCreate),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					sidChanges.AddStateValue(testResource, tfjsonpath.New("sid")),
				},
			},
		},
	})
}

func TestAccPluginVersion_invalidArguments(t *testing.T) {
	env := newTestEnv(t)
	steps := []struct {
		name, pluginSid, pluginURL string
		want                       string
	}{
		{"short plugin SID", "FP123", bundleURL("1.0.0"), `(?s)plugin_sid.*FP followed by 32`},
		{"version SID as plugin", "FV" + hex32, bundleURL("1.0.0"), `(?s)Invalid SID.*"FV`},
		{"http bundle", env.pluginSid, "http://assets.example.com/b.js", `(?s)Invalid Plugin URL`},
		{"relative bundle", env.pluginSid, "/plugins/bundle.js", `(?s)absolute https://`},
	}
	var testSteps []resource.TestStep
	for _, s := range steps {
		testSteps = append(testSteps, resource.TestStep{
			Config:      env.config(pluginVersionHCL, s.pluginSid, "1.0.0", s.pluginURL, ""),
			PlanOnly:    true,
			ExpectError: regexp.MustCompile(s.want),
		})
	}
	testSteps = append(testSteps,
		resource.TestStep{
			Config:        env.pluginVersionConfig("1.0.0", bundleURL("1.0.0"), ""),
			ResourceName:  testResource,
			ImportState:   true,
			ImportStateId: "FV" + hex32,
			ExpectError:   regexp.MustCompile(`(?s)Invalid Import ID.*<plugin_sid>/<sid>`),
		},
		resource.TestStep{
			Config: env.pluginVersionConfig("1.0.0", bundleURL("1.0.0"),
				`validate_status = "passed"`),
			PlanOnly:    true,
			ExpectError: regexp.MustCompile(`(?s)validate_status.*"success"`),
		},
	)

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps:                    testSteps,
	})
	if n := len(env.server.PluginVersions(env.pluginSid)); n != 0 {
		t.Errorf("rejected configurations created %d plugin versions", n)
	}
}

const hex32 = "0123456789abcdef0123456789abcdef"

// importID returns the "<plugin_sid>/<sid>" import ID of a resource in state.
func importID(address string) resource.ImportStateIdFunc {
	return func(s *terraform.State) (string, error) {
		r, ok := s.RootModule().Resources[address]
		if !ok {
			return "", fmt.Errorf("%s is not in state", address)
		}
		return r.Primary.Attributes["plugin_sid"] + "/" + r.Primary.Attributes["sid"], nil
	}
}
