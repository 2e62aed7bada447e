package provider

import (
	"context"
	"maps"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// badInput is one configuration that must be rejected, the attribute the error must be
// attached to, and words the error must contain.
type badInput struct {
	name      string
	target    string // "provider", "resource.<type>" or "data.<type>"
	set       map[string]tftypes.Value
	env       map[string]string
	attribute string
	want      string
}

func str(s string) tftypes.Value    { return tftypes.NewValue(tftypes.String, s) }
func boolean(b bool) tftypes.Value  { return tftypes.NewValue(tftypes.Bool, b) }
func integer(n int64) tftypes.Value { return tftypes.NewValue(tftypes.Number, n) }

func versionArgs(overrides map[string]tftypes.Value) map[string]tftypes.Value {
	args := map[string]tftypes.Value{
		"plugin_sid": str("FP" + hex32),
		"version":    str("1.0.0"),
		"plugin_url": str("https://assets.example.com/bundle.js"),
	}
	for k, v := range overrides {
		args[k] = v
	}
	return args
}

func providerArgs(overrides map[string]tftypes.Value) map[string]tftypes.Value {
	args := map[string]tftypes.Value{
		"account_sid": str("AC" + hex32),
		"auth_token":  str("token"),
	}
	for k, v := range overrides {
		args[k] = v
	}
	return args
}

var badInputs = []badInput{
	// twilio_flex_plugin_version arguments.
	{"plugin sid too short", "resource.twilio_flex_plugin_version", versionArgs(map[string]tftypes.Value{"plugin_sid": str("FP123")}), nil, "plugin_sid", `FP followed by 32 hexadecimal`},
	{"plugin sid wrong prefix", "resource.twilio_flex_plugin_version", versionArgs(map[string]tftypes.Value{"plugin_sid": str("FV" + hex32)}), nil, "plugin_sid", `got "FV`},
	{"plugin sid not hex", "resource.twilio_flex_plugin_version", versionArgs(map[string]tftypes.Value{"plugin_sid": str("FP" + strings.Repeat("z", 32))}), nil, "plugin_sid", `Invalid SID`},
	{"plugin sid unique name", "resource.twilio_flex_plugin_version", versionArgs(map[string]tftypes.Value{"plugin_sid": str("my-plugin")}), nil, "plugin_sid", `got "my-plugin"`},
	{"plugin sid with path", "resource.twilio_flex_plugin_version", versionArgs(map[string]tftypes.Value{"plugin_sid": str("FP" + hex32 + "/Archive")}), nil, "plugin_sid", `Invalid SID`},
	{"empty version", "resource.twilio_flex_plugin_version", versionArgs(map[string]tftypes.Value{"version": str("")}), nil, "version", `at least 1`},
	{"http plugin url", "resource.twilio_flex_plugin_version", versionArgs(map[string]tftypes.Value{"plugin_url": str("http://assets.example.com/b.js")}), nil, "plugin_url", `absolute https:// URL`},
	{"relative plugin url", "resource.twilio_flex_plugin_version", versionArgs(map[string]tftypes.Value{"plugin_url": str("plugins/b.js")}), nil, "plugin_url", `Invalid Plugin URL`},
	{"plugin url without host", "resource.twilio_flex_plugin_version", versionArgs(map[string]tftypes.Value{"plugin_url": str("https:///b.js")}), nil, "plugin_url", `Invalid Plugin URL`},
	{"ftp plugin url", "resource.twilio_flex_plugin_version", versionArgs(map[string]tftypes.Value{"plugin_url": str("ftp://example.com/b.js")}), nil, "plugin_url", `got "ftp://`},
	{"empty plugin url", "resource.twilio_flex_plugin_version", versionArgs(map[string]tftypes.Value{"plugin_url": str("")}), nil, "plugin_url", `Invalid Plugin URL`},
	{"empty changelog", "resource.twilio_flex_plugin_version", versionArgs(map[string]tftypes.Value{"changelog": str("")}), nil, "changelog", `at least 1`},
	{"empty cli version", "resource.twilio_flex_plugin_version", versionArgs(map[string]tftypes.Value{"cli_version": str("")}), nil, "cli_version", `at least 1`},
	{"unknown validate status", "resource.twilio_flex_plugin_version", versionArgs(map[string]tftypes.Value{"validate_status": str("passed")}), nil, "validate_status", `"success"`},
	{"capitalised validate status", "resource.twilio_flex_plugin_version", versionArgs(map[string]tftypes.Value{"validate_status": str("Success")}), nil, "validate_status", `"failure"`},

	// Data sources.
	{"versions plugin sid", "data.twilio_flex_plugin_versions", map[string]tftypes.Value{"plugin_sid": str("FP1")}, nil, "plugin_sid", `Invalid SID`},
	{"plugin neither sid nor name", "data.twilio_flex_plugin", map[string]tftypes.Value{}, nil, "", `sid.*unique_name`},
	{"plugin both sid and name", "data.twilio_flex_plugin", map[string]tftypes.Value{"sid": str("FP" + hex32), "unique_name": str("x")}, nil, "", `sid.*unique_name`},
	{"plugin bad sid", "data.twilio_flex_plugin", map[string]tftypes.Value{"sid": str("FPx")}, nil, "sid", `Invalid SID`},
	{"latest set to false", "data.twilio_flex_plugin_version", map[string]tftypes.Value{"plugin_sid": str("FP" + hex32), "latest": boolean(false)}, nil, "latest", `(?i)latest.*true`},
	{"plugin empty name", "data.twilio_flex_plugin", map[string]tftypes.Value{"unique_name": str("")}, nil, "unique_name", `at least 1`},
	{"version two selectors", "data.twilio_flex_plugin_version", map[string]tftypes.Value{"plugin_sid": str("FP" + hex32), "sid": str("FV" + hex32), "version": str("1.0.0")}, nil, "", `sid.*version.*latest`},
	{"version bad version sid", "data.twilio_flex_plugin_version", map[string]tftypes.Value{"plugin_sid": str("FP" + hex32), "sid": str("FP" + hex32)}, nil, "sid", `FV followed by 32`},

	// Provider block, and the environment variables behind it.
	{"account sid malformed", "provider", providerArgs(map[string]tftypes.Value{"account_sid": str("AC123")}), nil, "account_sid", `AC followed by 32`},
	{"api key malformed", "provider", providerArgs(map[string]tftypes.Value{"api_key": str("AK" + hex32), "api_secret": str("s")}), nil, "api_key", `SK followed by 32`},
	{"region with dot", "provider", providerArgs(map[string]tftypes.Value{"region": str("us1.evil.com")}), nil, "region", `lowercase name`},
	{"edge uppercase", "provider", providerArgs(map[string]tftypes.Value{"edge": str("Ashburn")}), nil, "edge", `lowercase name`},
	{"flex api url http remote", "provider", providerArgs(map[string]tftypes.Value{"flex_api_url": str("http://flex.example.com")}), nil, "flex_api_url", `loopback`},
	{"flex api url with path", "provider", providerArgs(map[string]tftypes.Value{"flex_api_url": str("https://proxy.example.com/v1")}), nil, "flex_api_url", `no path`},
	{"flex api url not a url", "provider", providerArgs(map[string]tftypes.Value{"flex_api_url": str("flex-api.twilio.com")}), nil, "flex_api_url", `absolute URL`},
	{"flex api url ftp", "provider", providerArgs(map[string]tftypes.Value{"flex_api_url": str("ftp://127.0.0.1")}), nil, "flex_api_url", `https://`},
	{"flex api url with double slash", "provider", providerArgs(map[string]tftypes.Value{"flex_api_url": str("https://flex.example.com//")}), nil, "flex_api_url", `must not have a path`},
	{"flex api url with empty query", "provider", providerArgs(map[string]tftypes.Value{"flex_api_url": str("https://flex.example.com?")}), nil, "flex_api_url", `must not have a query`},
	{"max retries negative", "provider", providerArgs(map[string]tftypes.Value{"max_retries": integer(-1)}), nil, "max_retries", `between 0 and 20`},
	{"request timeout words", "provider", providerArgs(map[string]tftypes.Value{"request_timeout": str("thirty seconds")}), nil, "request_timeout", `positive duration`},
	{"request timeout zero", "provider", providerArgs(map[string]tftypes.Value{"request_timeout": str("0s")}), nil, "request_timeout", `positive duration`},
	{"no credentials", "provider", map[string]tftypes.Value{}, nil, "auth_token", `TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN`},
	{"token without account", "provider", map[string]tftypes.Value{"auth_token": str("t")}, nil, "account_sid", `TWILIO_ACCOUNT_SID`},
	{"account without token", "provider", map[string]tftypes.Value{"account_sid": str("AC" + hex32)}, nil, "auth_token", `TWILIO_AUTH_TOKEN`},
	{"api key without secret", "provider", map[string]tftypes.Value{"api_key": str("SK" + hex32)}, nil, "api_secret", `TWILIO_API_SECRET`},
	{"secret without api key", "provider", map[string]tftypes.Value{"api_secret": str("s")}, nil, "api_key", `TWILIO_API_KEY`},
	{"account sid env malformed", "provider", map[string]tftypes.Value{"auth_token": str("t")}, map[string]string{"TWILIO_ACCOUNT_SID": "ACnope"}, "account_sid", `TWILIO_ACCOUNT_SID environment variable must be a SID`},
	{"flex api url env http", "provider", providerArgs(nil), map[string]string{"TWILIO_FLEX_API_URL": "http://10.1.2.3:8080"}, "flex_api_url", `TWILIO_FLEX_API_URL environment variable is not usable`},
	{"region env malformed", "provider", providerArgs(nil), map[string]string{"TWILIO_REGION": "US_1"}, "region", `TWILIO_REGION environment variable`},
	{"edge env malformed beside a url override", "provider", providerArgs(nil), map[string]string{"TWILIO_EDGE": "Dublin", "TWILIO_FLEX_API_URL": "http://127.0.0.1:4010"}, "edge", `Invalid Region or Edge.*TWILIO_EDGE environment variable`},
}

func TestBadInputsAreRejected(t *testing.T) {
	for _, tc := range badInputs {
		t.Run(tc.name, func(t *testing.T) {
			for _, name := range []string{"TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_API_KEY",
				"TWILIO_API_SECRET", "TWILIO_REGION", "TWILIO_EDGE", "TWILIO_FLEX_API_URL"} {
				t.Setenv(name, tc.env[name])
			}
			diags := validate(t, tc.target, tc.set)
			assertError(t, diags, tc.attribute, tc.want)
		})
	}
}

// validate runs the checks Terraform runs on a configuration before planning: the
// validate RPC for resources and data sources, and configure for the provider block.
func validate(t *testing.T, target string, set map[string]tftypes.Value) []*tfprotov6.Diagnostic {
	t.Helper()
	ctx := context.Background()
	c := unconfiguredClient(t)
	server, schemas := c.server, c.schemas

	kind, typeName, _ := strings.Cut(target, ".")
	switch kind {
	case "provider":
		config := c.value(schemas.Provider, set)
		resp, _ := server.ValidateProviderConfig(ctx, &tfprotov6.ValidateProviderConfigRequest{Config: config})
		if hasErrors(resp.Diagnostics) {
			return resp.Diagnostics
		}
		configured, _ := server.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{Config: config})
		return configured.Diagnostics
	case "data":
		resp, _ := server.ValidateDataResourceConfig(ctx, &tfprotov6.ValidateDataResourceConfigRequest{
			TypeName: typeName, Config: c.value(schemas.DataSourceSchemas[typeName], set),
		})
		return resp.Diagnostics
	default:
		resp, _ := server.ValidateResourceConfig(ctx, &tfprotov6.ValidateResourceConfigRequest{
			TypeName: typeName, Config: c.value(schemas.ResourceSchemas[typeName], set),
		})
		return resp.Diagnostics
	}
}

func assertError(t *testing.T, diags []*tfprotov6.Diagnostic, attribute, want string) {
	t.Helper()
	pattern := regexp.MustCompile(`(?s)` + want)
	for _, d := range diags {
		if d.Severity != tfprotov6.DiagnosticSeverityError {
			continue
		}
		if !pattern.MatchString(d.Summary + " " + d.Detail) {
			continue
		}
		if attribute == "" {
			return
		}
		if d.Attribute != nil && d.Attribute.String() == tftypes.NewAttributePath().WithAttributeName(attribute).String() {
			return
		}
	}
	t.Errorf("want an error on %q matching %q, got:\n%s", attribute, want, diagnosticsText(diags))
}

func TestValidInputsPass(t *testing.T) {
	cases := []struct {
		target string
		set    map[string]tftypes.Value
	}{
		{"resource.twilio_flex_plugin_version", versionArgs(map[string]tftypes.Value{
			"changelog": str("Fixes"), "private": boolean(true), "cli_version": str("6.3.2"),
			"validate_status": str("failure"),
		})},
		// Values from other resources are unknown at plan time and must pass.
		{"resource.twilio_flex_plugin_version", versionArgs(map[string]tftypes.Value{
			"plugin_sid": tftypes.NewValue(tftypes.String, tftypes.UnknownValue),
			"plugin_url": tftypes.NewValue(tftypes.String, tftypes.UnknownValue),
			"version":    tftypes.NewValue(tftypes.String, tftypes.UnknownValue),
		})},
		{"provider", providerArgs(map[string]tftypes.Value{
			"flex_api_url": str("http://127.0.0.1:4010"), "max_retries": integer(0),
			"request_timeout": str("2m"),
		})},
		{"provider", map[string]tftypes.Value{
			"api_key": str("SK" + hex32), "api_secret": str("s"), "edge": str("sydney"),
			"region": str("au1"),
		}},
		{"provider", map[string]tftypes.Value{
			"account_sid": tftypes.NewValue(tftypes.String, tftypes.UnknownValue),
			"auth_token":  tftypes.NewValue(tftypes.String, tftypes.UnknownValue),
		}},
	}
	for _, tc := range cases {
		if diags := validate(t, tc.target, tc.set); hasErrors(diags) {
			t.Errorf("%s %v rejected:\n%s", tc.target, tc.set, diagnosticsText(diags))
		}
	}
}

func TestNonSemanticVersionWarns(t *testing.T) {
	diags := validate(t, "resource.twilio_flex_plugin_version",
		versionArgs(map[string]tftypes.Value{"version": str("release-7")}))
	if hasErrors(diags) || len(diags) != 1 || diags[0].Severity != tfprotov6.DiagnosticSeverityWarning ||
		!strings.Contains(diags[0].Detail, "semantic version") {
		t.Fatalf("want one warning about semantic versions, got:\n%s", diagnosticsText(diags))
	}
}

func TestEmptyVersionIsOneError(t *testing.T) {
	diags := validate(t, "resource.twilio_flex_plugin_version",
		versionArgs(map[string]tftypes.Value{"version": str("")}))
	if len(diags) != 1 || diags[0].Severity != tfprotov6.DiagnosticSeverityError {
		t.Fatalf("want exactly one error for an empty version, got:\n%s", diagnosticsText(diags))
	}
}

func TestBaseURLFromRegionAndEdge(t *testing.T) {
	cases := []struct{ region, edge, want string }{
		{"", "", "https://flex-api.twilio.com"},
		{"ie1", "", "https://flex-api.ie1.twilio.com"},
		{"", "ashburn", "https://flex-api.ashburn.us1.twilio.com"},
		{"au1", "sydney", "https://flex-api.sydney.au1.twilio.com"},
	}
	for _, tc := range cases {
		if got := flexAPIBaseURL(tc.region, tc.edge); got != tc.want {
			t.Errorf("flexAPIBaseURL(%q, %q) = %q, want %q", tc.region, tc.edge, got, tc.want)
		}
	}
}

func TestBadTimeoutsAreRejected(t *testing.T) {
	c := unconfiguredClient(t)
	cases := []struct {
		target, attribute, value string
		set                      map[string]tftypes.Value
	}{
		{"resource.twilio_flex_plugin_version", "create", "-1s", versionArgs(nil)},
		{"resource.twilio_flex_plugin_version", "delete", "0s", versionArgs(nil)},
		{"resource.twilio_flex_plugin_version", "read", "soon", versionArgs(nil)},
		{"data.twilio_flex_plugin_versions", "read", "0", map[string]tftypes.Value{
			"plugin_sid": str("FP" + hex32)}},
		{"data.twilio_flex_plugin", "read", "-5m", map[string]tftypes.Value{
			"unique_name": str("p")}},
		{"data.twilio_flex_plugin_version", "read", "1 minute", map[string]tftypes.Value{
			"plugin_sid": str("FP" + hex32), "latest": boolean(true)}},
	}
	for _, tc := range cases {
		t.Run(tc.target+" "+tc.attribute+" "+tc.value, func(t *testing.T) {
			kind, typeName, _ := strings.Cut(tc.target, ".")
			schema := c.schemas.ResourceSchemas[typeName]
			if kind == "data" {
				schema = c.schemas.DataSourceSchemas[typeName]
			}
			timeoutsType := schema.ValueType().(tftypes.Object).AttributeTypes["timeouts"].(tftypes.Object)
			limits := map[string]tftypes.Value{}
			for name := range timeoutsType.AttributeTypes {
				limits[name] = tftypes.NewValue(tftypes.String, nil)
			}
			set := maps.Clone(tc.set)
			limits[tc.attribute] = str("1m30s")
			set["timeouts"] = tftypes.NewValue(timeoutsType, limits)
			if diags := validate(t, tc.target, set); len(diags) > 0 {
				t.Fatalf("a valid limit of 1m30s was rejected:\n%s", diagnosticsText(diags))
			}

			limits[tc.attribute] = str(tc.value)
			set["timeouts"] = tftypes.NewValue(timeoutsType, limits)
			diags := validate(t, tc.target, set)
			want := tftypes.NewAttributePath().WithAttributeName("timeouts").
				WithAttributeName(tc.attribute)
			for _, d := range diags {
				if d.Severity == tfprotov6.DiagnosticSeverityError && d.Attribute != nil &&
					d.Attribute.Equal(want) && strings.Contains(d.Detail, "positive duration") {
					if len(diags) != 1 {
						t.Errorf("want one diagnostic, got:\n%s", diagnosticsText(diags))
					}
					return
				}
			}
			t.Errorf("want an error on timeouts.%s, got:\n%s", tc.attribute,
				diagnosticsText(diags))
		})
	}
}
