package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"
)

// Terraform 1.12 and later import by identity; the Terraform on this machine is older,
// so these tests speak the plugin protocol directly, as such a Terraform would.

var identityType = tftypes.Object{AttributeTypes: map[string]tftypes.Type{
	"plugin_sid": tftypes.String,
	"sid":        tftypes.String,
}}

func (c *protocolClient) identity(pluginSid, sid string) *tfprotov6.ResourceIdentityData {
	return &tfprotov6.ResourceIdentityData{IdentityData: c.encode(identityType, map[string]tftypes.Value{
		"plugin_sid": str(pluginSid), "sid": str(sid),
	})}
}

// importAndRead imports a plugin version the way Terraform does: ImportResourceState,
// then ReadResource on what the import returned.
func (c *protocolClient) importAndRead(
	req *tfprotov6.ImportResourceStateRequest,
) (*tfprotov6.ReadResourceResponse, []*tfprotov6.Diagnostic) {
	c.t.Helper()
	ctx := context.Background()
	req.TypeName = "twilio_flex_plugin_version"
	imported, err := c.server.ImportResourceState(ctx, req)
	if err != nil {
		c.t.Fatal(err)
	}
	if hasErrors(imported.Diagnostics) {
		return nil, imported.Diagnostics
	}
	if len(imported.ImportedResources) != 1 {
		c.t.Fatalf("imported %d resources, want 1", len(imported.ImportedResources))
	}
	r := imported.ImportedResources[0]
	read, err := c.server.ReadResource(ctx, &tfprotov6.ReadResourceRequest{
		TypeName: r.TypeName, CurrentState: r.State, CurrentIdentity: r.Identity, Private: r.Private,
	})
	if err != nil {
		c.t.Fatal(err)
	}
	return read, read.Diagnostics
}

func TestPluginVersionIdentity_schema(t *testing.T) {
	env := newTestEnv(t)
	client := newProtocolClient(t, env.url)
	resp, err := client.server.GetResourceIdentitySchemas(context.Background(),
		&tfprotov6.GetResourceIdentitySchemasRequest{})
	if err != nil || hasErrors(resp.Diagnostics) {
		t.Fatalf("GetResourceIdentitySchemas: %v %v", err, resp.Diagnostics)
	}
	schema := resp.IdentitySchemas["twilio_flex_plugin_version"]
	if schema == nil {
		t.Fatal("no identity schema for twilio_flex_plugin_version")
	}
	got := map[string]bool{}
	for _, a := range schema.IdentityAttributes {
		got[a.Name] = a.RequiredForImport
	}
	if len(got) != 2 || !got["plugin_sid"] || !got["sid"] {
		t.Errorf("identity attributes = %v, want plugin_sid and sid, both required for import", got)
	}
}

func TestPluginVersionIdentity_importByIdentity(t *testing.T) {
	env := newTestEnv(t)
	v, err := env.server.AddPluginVersion(env.pluginSid, "4.2.0", bundleURL("4.2.0"))
	if err != nil {
		t.Fatal(err)
	}
	client := newProtocolClient(t, env.url)

	read, diags := client.importAndRead(&tfprotov6.ImportResourceStateRequest{
		Identity: client.identity(env.pluginSid, v.Sid),
	})
	if hasErrors(diags) {
		t.Fatalf("import by identity failed:\n%s", diagnosticsText(diags))
	}

	schema := client.schemas.ResourceSchemas["twilio_flex_plugin_version"]
	state := client.decode(schema, read.NewState)
	for name, want := range map[string]string{
		"id": v.Sid, "sid": v.Sid, "plugin_sid": env.pluginSid, "version": "4.2.0",
		"plugin_url": bundleURL("4.2.0"),
	} {
		if got := stringValue(t, state[name]); got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
	identity := client.decodeType(identityType, read.NewIdentity.IdentityData)
	if stringValue(t, identity["plugin_sid"]) != env.pluginSid || stringValue(t, identity["sid"]) != v.Sid {
		t.Errorf("identity after read = %v", identity)
	}
}

func TestPluginVersionIdentity_importByIDSetsIdentity(t *testing.T) {
	env := newTestEnv(t)
	v, err := env.server.AddPluginVersion(env.pluginSid, "4.3.0", bundleURL("4.3.0"))
	if err != nil {
		t.Fatal(err)
	}
	client := newProtocolClient(t, env.url)

	read, diags := client.importAndRead(&tfprotov6.ImportResourceStateRequest{
		ID: env.pluginSid + "/" + v.Sid,
	})
	if hasErrors(diags) {
		t.Fatalf("import by ID failed:\n%s", diagnosticsText(diags))
	}
	identity := client.decodeType(identityType, read.NewIdentity.IdentityData)
	if stringValue(t, identity["sid"]) != v.Sid {
		t.Errorf("identity after import by ID = %v, want sid %s", identity, v.Sid)
	}
}

func TestPluginVersionIdentity_rejectsMalformedIdentity(t *testing.T) {
	env := newTestEnv(t)
	client := newProtocolClient(t, env.url)

	_, diags := client.importAndRead(&tfprotov6.ImportResourceStateRequest{
		Identity: client.identity(env.pluginSid, "not-a-sid"),
	})
	if !hasErrors(diags) || !strings.Contains(diagnosticsText(diags), `sid "not-a-sid"`) {
		t.Fatalf("want an error naming the malformed sid, got:\n%s", diagnosticsText(diags))
	}
}

// TestAccPluginVersion_importBlockWithIdentity runs an import block with identity on
// Terraform 1.12 or later; the protocol tests above cover older versions.
func TestAccPluginVersion_importBlockWithIdentity(t *testing.T) {
	env := newTestEnv(t)
	v, err := env.server.AddPluginVersion(env.pluginSid, "5.0.0", bundleURL("5.0.0"))
	if err != nil {
		t.Fatal(err)
	}

	resource.Test(t, resource.TestCase{
		TerraformVersionChecks: []tfversion.TerraformVersionCheck{
			tfversion.SkipBelow(tfversion.Version1_12_0),
		},
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: env.pluginVersionConfig("5.0.0", bundleURL("5.0.0"), "") + `
import {
  to       = twilio_flex_plugin_version.test
  identity = {
    plugin_sid = "` + env.pluginSid + `"
    sid        = "` + v.Sid + `"
  }
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(testResource, tfjsonpath.New("sid"),
					knownvalue.StringExact(v.Sid)),
				statecheck.ExpectIdentity(testResource, map[string]knownvalue.Check{
					"plugin_sid": knownvalue.StringExact(env.pluginSid),
					"sid":        knownvalue.StringExact(v.Sid),
				}),
			},
		}},
	})
}

func TestAccPluginVersion_importBlockWithID(t *testing.T) {
	env := newTestEnv(t)
	v, err := env.server.AddPluginVersion(env.pluginSid, "5.1.0", bundleURL("5.1.0"))
	if err != nil {
		t.Fatal(err)
	}

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: env.pluginVersionConfig("5.1.0", bundleURL("5.1.0"), "") + `
import {
  to = twilio_flex_plugin_version.test
  id = "` + env.pluginSid + "/" + v.Sid + `"
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(testResource, tfjsonpath.New("sid"),
					knownvalue.StringExact(v.Sid)),
				statecheck.ExpectKnownValue(testResource, tfjsonpath.New("private"),
					knownvalue.Bool(false)),
			},
		}},
	})
}
