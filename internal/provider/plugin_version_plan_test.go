package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// priorVersionState is the state of a plugin version as Terraform stored it.
func priorVersionState(overrides map[string]tftypes.Value) map[string]tftypes.Value {
	state := map[string]tftypes.Value{
		"id":           str("FV" + hex32),
		"sid":          str("FV" + hex32),
		"plugin_sid":   str("FP" + hex32),
		"account_sid":  str("AC" + hex32),
		"version":      str("1.0.0"),
		"plugin_url":   str("https://assets.example.com/bundle.js"),
		"changelog":    str("First release"),
		"private":      boolean(false),
		"archived":     boolean(false),
		"validated":    boolean(false),
		"date_created": str("2026-01-02T03:04:05Z"),
		"url":          str("https://flex-api.twilio.com/v1/PluginService/Plugins/FP/Versions/FV"),
	}
	for k, v := range overrides {
		state[k] = v
	}
	return state
}

// plan asks the provider to plan moving from prior to config, as Terraform does after
// a refresh. Arguments missing from config are null; computed values come from prior.
func (c *protocolClient) plan(prior, config map[string]tftypes.Value) *tfprotov6.PlanResourceChangeResponse {
	c.t.Helper()
	return c.planWithPrivate(prior, config, nil)
}

// planWithPrivate plans as plan does, with the resource's private state.
func (c *protocolClient) planWithPrivate(
	prior, config map[string]tftypes.Value, private []byte,
) *tfprotov6.PlanResourceChangeResponse {
	c.t.Helper()
	schema := c.schemas.ResourceSchemas["twilio_flex_plugin_version"]
	proposed := map[string]tftypes.Value{}
	for k, v := range prior {
		proposed[k] = v
	}
	for _, arg := range []string{"plugin_sid", "version", "plugin_url", "changelog", "private",
		"cli_version", "validate_status"} {
		if v, ok := config[arg]; ok {
			proposed[arg] = v
		} else if arg != "private" {
			delete(proposed, arg)
		}
	}
	resp, err := c.server.PlanResourceChange(context.Background(), &tfprotov6.PlanResourceChangeRequest{
		TypeName:         "twilio_flex_plugin_version",
		PriorState:       c.value(schema, prior),
		ProposedNewState: c.value(schema, proposed),
		Config:           c.value(schema, config),
		PriorPrivate:     private,
	})
	if err != nil {
		c.t.Fatal(err)
	}
	return resp
}

func configOf(state map[string]tftypes.Value, overrides map[string]tftypes.Value) map[string]tftypes.Value {
	config := map[string]tftypes.Value{}
	for _, arg := range []string{"plugin_sid", "version", "plugin_url", "changelog"} {
		config[arg] = state[arg]
	}
	for k, v := range overrides {
		config[k] = v
	}
	return config
}

func diagnosticAt(diags []*tfprotov6.Diagnostic, severity tfprotov6.DiagnosticSeverity,
	attribute, summary string) *tfprotov6.Diagnostic {
	for _, d := range diags {
		if d.Severity == severity && d.Summary == summary && d.Attribute != nil &&
			d.Attribute.String() == tftypes.NewAttributePath().WithAttributeName(attribute).String() {
			return d
		}
	}
	return nil
}

func TestPlan_archivedVersionWarns(t *testing.T) {
	env := newTestEnv(t)
	client := newProtocolClient(t, env.url)
	prior := priorVersionState(map[string]tftypes.Value{"archived": boolean(true)})

	resp := client.plan(prior, configOf(prior, nil))

	d := diagnosticAt(resp.Diagnostics, tfprotov6.DiagnosticSeverityWarning, "archived",
		"Plugin Version Archived")
	if d == nil || !strings.Contains(d.Detail, "can no longer be included in a Flex release") {
		t.Fatalf("want a warning on archived, got:\n%s", diagnosticsText(resp.Diagnostics))
	}
	if hasErrors(resp.Diagnostics) || len(resp.RequiresReplace) != 0 {
		t.Errorf("an archived version must plan no change, got replace %v and:\n%s",
			resp.RequiresReplace, diagnosticsText(resp.Diagnostics))
	}
}

func TestPlan_replacementMustChangeVersion(t *testing.T) {
	env := newTestEnv(t)
	client := newProtocolClient(t, env.url)
	prior := priorVersionState(nil)

	cases := map[string]map[string]tftypes.Value{
		"changelog":    {"changelog": str("Reworded")},
		"plugin_url":   {"plugin_url": str("https://assets.example.com/other.js")},
		"private":      {"private": boolean(true)},
		"no changelog": {"changelog": tftypes.NewValue(tftypes.String, nil)},
	}
	for name, change := range cases {
		t.Run(name, func(t *testing.T) {
			resp := client.plan(prior, configOf(prior, change))
			if diagnosticAt(resp.Diagnostics, tfprotov6.DiagnosticSeverityError, "version",
				"Version Must Change With Any Other Argument") == nil {
				t.Fatalf("want an error on version, got:\n%s", diagnosticsText(resp.Diagnostics))
			}
		})
	}
}

func TestPlan_replacementWithNewVersionIsAllowed(t *testing.T) {
	env := newTestEnv(t)
	client := newProtocolClient(t, env.url)
	prior := priorVersionState(nil)

	resp := client.plan(prior, configOf(prior, map[string]tftypes.Value{
		"version": str("1.0.1"), "changelog": str("Fixes"),
	}))
	if hasErrors(resp.Diagnostics) || len(resp.RequiresReplace) == 0 {
		t.Fatalf("want a replacement without errors, got replace %v and:\n%s",
			resp.RequiresReplace, diagnosticsText(resp.Diagnostics))
	}

	// An unknown URL may or may not differ: it is checked again when known.
	resp = client.plan(prior, configOf(prior, map[string]tftypes.Value{
		"plugin_url": tftypes.NewValue(tftypes.String, tftypes.UnknownValue),
	}))
	if hasErrors(resp.Diagnostics) {
		t.Fatalf("an unknown plugin_url must not fail the plan:\n%s", diagnosticsText(resp.Diagnostics))
	}
}

func TestPlan_writeOnlyArgumentAfterImportIsRecorded(t *testing.T) {
	env := newTestEnv(t)
	client := newProtocolClient(t, env.url)
	imported, err := client.server.ImportResourceState(context.Background(),
		&tfprotov6.ImportResourceStateRequest{
			TypeName: "twilio_flex_plugin_version", ID: "FP" + hex32 + "/FV" + hex32,
		})
	if err != nil || hasErrors(imported.Diagnostics) {
		t.Fatalf("import: %v %v", err, imported.Diagnostics)
	}
	private := imported.ImportedResources[0].Private
	prior := priorVersionState(nil) // as imported: no cli_version, no validate_status
	addBoth := configOf(prior, map[string]tftypes.Value{
		"cli_version": str("6.3.2"), "validate_status": str("success"),
	})

	resp := client.planWithPrivate(prior, addBoth, private)
	if hasErrors(resp.Diagnostics) || len(resp.RequiresReplace) != 0 {
		t.Fatalf("want an in-place record of cli_version, got replace %v and:\n%s",
			resp.RequiresReplace, diagnosticsText(resp.Diagnostics))
	}

	// Created without them, the version was created without them: adding one is a
	// replacement, which under the same version string cannot succeed.
	resp = client.plan(prior, addBoth)
	if !hasErrors(resp.Diagnostics) ||
		!strings.Contains(diagnosticsText(resp.Diagnostics), "Version Must Change") {
		t.Fatalf("want the same-version replacement refused, got replace %v and:\n%s",
			resp.RequiresReplace, diagnosticsText(resp.Diagnostics))
	}
	resp = client.plan(prior, configOf(prior, map[string]tftypes.Value{
		"validate_status": str("success"), "version": str("1.0.1"),
	}))
	if len(resp.RequiresReplace) == 0 {
		t.Fatal("adding validate_status to a version created without it must replace it")
	}

	recorded := priorVersionState(map[string]tftypes.Value{"cli_version": str("6.3.2")})
	resp = client.planWithPrivate(recorded, configOf(recorded, map[string]tftypes.Value{
		"cli_version": str("7.0.0"), "version": str("1.0.1"),
	}), private)
	if len(resp.RequiresReplace) == 0 {
		t.Fatal("changing a recorded cli_version must force a replacement")
	}
}
