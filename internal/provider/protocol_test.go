package provider

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/flexplugins/terraform-provider-twilio/internal/acctest"
)

// protocolClient drives the provider server the way Terraform does, one RPC at a time.
// Tests use it where they must count the API calls of a single operation, or exercise
// protocol features that this machine's Terraform does not send.
type protocolClient struct {
	t       testing.TB
	server  tfprotov6.ProviderServer
	schemas *tfprotov6.GetProviderSchemaResponse
}

func newProtocolClient(t testing.TB, url string) *protocolClient {
	t.Helper()
	ctx := context.Background()
	c := unconfiguredClient(t)
	server, schemas := c.server, c.schemas

	config := c.value(schemas.Provider, map[string]tftypes.Value{
		"flex_api_url": tftypes.NewValue(tftypes.String, url),
		"account_sid":  tftypes.NewValue(tftypes.String, acctest.AccountSid),
		"auth_token":   tftypes.NewValue(tftypes.String, acctest.AuthToken),
	})
	resp, err := server.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{
		TerraformVersion: "1.11.4", Config: config,
	})
	if err != nil || hasErrors(resp.Diagnostics) {
		t.Fatalf("ConfigureProvider: %v %v", err, resp.Diagnostics)
	}
	return c
}

// unconfiguredClient starts a provider server and reads its schemas, leaving
// ConfigureProvider to the test.
func unconfiguredClient(t testing.TB) *protocolClient {
	t.Helper()
	server := providerserver.NewProtocol6(New("test")())()
	schemas, err := server.GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil || hasErrors(schemas.Diagnostics) {
		t.Fatalf("GetProviderSchema: %v %v", err, schemas)
	}
	return &protocolClient{t: t, server: server, schemas: schemas}
}

// value encodes an object of the schema's type, with the given attributes set and
// all others null.
func (c *protocolClient) value(schema *tfprotov6.Schema, set map[string]tftypes.Value) *tfprotov6.DynamicValue {
	c.t.Helper()
	objectType := schema.ValueType().(tftypes.Object)
	return c.encode(objectType, set)
}

func (c *protocolClient) encode(objectType tftypes.Object, set map[string]tftypes.Value) *tfprotov6.DynamicValue {
	c.t.Helper()
	attrs := map[string]tftypes.Value{}
	for name, typ := range objectType.AttributeTypes {
		if v, ok := set[name]; ok {
			attrs[name] = v
			continue
		}
		attrs[name] = tftypes.NewValue(typ, nil)
	}
	dv, err := tfprotov6.NewDynamicValue(objectType, tftypes.NewValue(objectType, attrs))
	if err != nil {
		c.t.Fatalf("encoding %v: %v", set, err)
	}
	return &dv
}

// decode turns a dynamic value back into its attributes.
func (c *protocolClient) decode(schema *tfprotov6.Schema, dv *tfprotov6.DynamicValue) map[string]tftypes.Value {
	c.t.Helper()
	return c.decodeType(schema.ValueType(), dv)
}

func (c *protocolClient) decodeType(typ tftypes.Type, dv *tfprotov6.DynamicValue) map[string]tftypes.Value {
	c.t.Helper()
	raw, err := dv.Unmarshal(typ)
	if err != nil {
		c.t.Fatalf("decoding: %v", err)
	}
	attrs := map[string]tftypes.Value{}
	if err := raw.As(&attrs); err != nil {
		c.t.Fatalf("decoding object: %v", err)
	}
	return attrs
}

func (c *protocolClient) readDataSource(typeName string, set map[string]tftypes.Value) map[string]tftypes.Value {
	c.t.Helper()
	schema := c.schemas.DataSourceSchemas[typeName]
	resp, err := c.server.ReadDataSource(context.Background(), &tfprotov6.ReadDataSourceRequest{
		TypeName: typeName, Config: c.value(schema, set),
	})
	if err != nil || hasErrors(resp.Diagnostics) {
		c.t.Fatalf("ReadDataSource %s: %v %v", typeName, err, diagnosticsText(resp.Diagnostics))
	}
	return c.decode(schema, resp.State)
}

func hasErrors(diags []*tfprotov6.Diagnostic) bool {
	for _, d := range diags {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			return true
		}
	}
	return false
}

func diagnosticsText(diags []*tfprotov6.Diagnostic) string {
	text := ""
	for _, d := range diags {
		text += d.Summary + ": " + d.Detail + "\n"
	}
	return text
}

func stringValue(t *testing.T, v tftypes.Value) string {
	t.Helper()
	var s string
	if err := v.As(&s); err != nil {
		t.Fatalf("not a string: %v", err)
	}
	return s
}
