package provider

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/flexplugins/terraform-provider-twilio/internal/acctest"
)

// BenchmarkReadResource measures one ReadResource call of a plugin version, the work a
// refresh does for each resource in state, with the version served from the emulator.
func BenchmarkReadResource(b *testing.B) {
	server, url := acctest.StartEmulator(b)
	plugin := server.AddPlugin("bench-read")
	version, err := server.AddPluginVersion(plugin.Sid, "1.0.0", bundleURL("1.0.0"))
	if err != nil {
		b.Fatal(err)
	}
	c := newProtocolClient(b, url)
	ctx := context.Background()
	imported, err := c.server.ImportResourceState(ctx, &tfprotov6.ImportResourceStateRequest{
		TypeName: "twilio_flex_plugin_version", ID: plugin.Sid + "/" + version.Sid,
	})
	if err != nil || hasErrors(imported.Diagnostics) {
		b.Fatalf("import: %v %v", err, imported.Diagnostics)
	}
	r := imported.ImportedResources[0]
	req := &tfprotov6.ReadResourceRequest{
		TypeName: r.TypeName, CurrentState: r.State, CurrentIdentity: r.Identity,
	}
	b.ReportAllocs()
	for b.Loop() {
		read, err := c.server.ReadResource(ctx, req)
		if err != nil || hasErrors(read.Diagnostics) {
			b.Fatalf("read: %v %v", err, read.Diagnostics)
		}
	}
}

// BenchmarkValidateResourceConfig measures the validation Terraform asks for on every
// resource of every plan.
func BenchmarkValidateResourceConfig(b *testing.B) {
	c := unconfiguredClient(b)
	req := &tfprotov6.ValidateResourceConfigRequest{
		TypeName: "twilio_flex_plugin_version",
		Config: c.value(c.schemas.ResourceSchemas["twilio_flex_plugin_version"],
			versionArgs(nil)),
	}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		resp, err := c.server.ValidateResourceConfig(ctx, req)
		if err != nil || hasErrors(resp.Diagnostics) {
			b.Fatalf("validate: %v %v", err, resp.Diagnostics)
		}
	}
}

// BenchmarkUpgradeResourceState measures decoding a stored state, which Terraform asks
// for on every resource before it refreshes it.
func BenchmarkUpgradeResourceState(b *testing.B) {
	c := unconfiguredClient(b)
	raw := []byte(`{"id":"FV` + hex32 + `","sid":"FV` + hex32 + `","plugin_sid":"FP` + hex32 +
		`","version":"1.0.0","plugin_url":"https://a.example.com/b.js","changelog":null,` +
		`"private":false,"cli_version":null,"validate_status":null,"account_sid":"AC` + hex32 +
		`","archived":false,"validated":false,"date_created":"2026-01-01T00:00:00Z",` +
		`"url":"https://x/y","timeouts":null}`)
	req := &tfprotov6.UpgradeResourceStateRequest{
		TypeName: "twilio_flex_plugin_version", Version: 0,
		RawState: &tfprotov6.RawState{JSON: raw},
	}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		resp, err := c.server.UpgradeResourceState(ctx, req)
		if err != nil || hasErrors(resp.Diagnostics) {
			b.Fatalf("upgrade: %v %v", err, resp.Diagnostics)
		}
	}
}
