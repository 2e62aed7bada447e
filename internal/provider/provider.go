// Package provider implements the Terraform provider for Twilio Flex plugin versions.
package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

var _ provider.Provider = (*twilioProvider)(nil)

// twilioProvider is the provider implementation. Each Terraform operation gets its own
// instance, so per-run caches hang off the configured client data rather than globals.
type twilioProvider struct {
	version string
}

// twilioProviderModel maps the provider block.
type twilioProviderModel struct {
	AccountSid     types.String `tfsdk:"account_sid"`
	AuthToken      types.String `tfsdk:"auth_token"`
	APIKey         types.String `tfsdk:"api_key"`
	APISecret      types.String `tfsdk:"api_secret"`
	Region         types.String `tfsdk:"region"`
	Edge           types.String `tfsdk:"edge"`
	FlexAPIURL     types.String `tfsdk:"flex_api_url"`
	FlexMetadata   types.String `tfsdk:"flex_metadata"`
	MaxRetries     types.Int64  `tfsdk:"max_retries"`
	RequestTimeout types.String `tfsdk:"request_timeout"`
}

// New returns a constructor for the provider, stamped with the release version.
func New(version string) func() provider.Provider {
	return func() provider.Provider {
		return &twilioProvider{version: version}
	}
}

func (p *twilioProvider) Metadata(
	_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse,
) {
	resp.TypeName = "twilio"
	resp.Version = p.version
}

func (p *twilioProvider) Schema(
	_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse,
) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Manages Twilio Flex plugin versions through the Flex Plugin Service API. " +
			"Authenticate with an account SID and auth token, or with an API key and secret.",
		Attributes: map[string]schema.Attribute{
			"account_sid": schema.StringAttribute{
				MarkdownDescription: "Twilio account SID (`AC…`). Used with `auth_token`. " +
					"Defaults to the `TWILIO_ACCOUNT_SID` environment variable.",
				Optional:   true,
				Validators: []validator.String{sidValidator("AC")},
			},
			"auth_token": schema.StringAttribute{
				MarkdownDescription: "Auth token of the account. " +
					"Defaults to the `TWILIO_AUTH_TOKEN` environment variable.",
				Optional:  true,
				Sensitive: true,
			},
			"api_key": schema.StringAttribute{
				MarkdownDescription: "API key SID (`SK…`), used with `api_secret` instead of the " +
					"auth token. Defaults to the `TWILIO_API_KEY` environment variable.",
				Optional:   true,
				Validators: []validator.String{sidValidator("SK")},
			},
			"api_secret": schema.StringAttribute{
				MarkdownDescription: "Secret of the API key. " +
					"Defaults to the `TWILIO_API_SECRET` environment variable.",
				Optional:  true,
				Sensitive: true,
			},
			"region": schema.StringAttribute{
				MarkdownDescription: "Twilio region, such as `us1`, `ie1` or `au1`. With `edge` it " +
					"selects `flex-api.{edge}.{region}.twilio.com`. " +
					"Defaults to the `TWILIO_REGION` environment variable.",
				Optional:   true,
				Validators: []validator.String{hostLabelValidator()},
			},
			"edge": schema.StringAttribute{
				MarkdownDescription: "Twilio edge location, such as `ashburn`, `dublin` or `sydney`. " +
					"The region defaults to `us1` when only an edge is set. " +
					"Defaults to the `TWILIO_EDGE` environment variable.",
				Optional:   true,
				Validators: []validator.String{hostLabelValidator()},
			},
			"flex_api_url": schema.StringAttribute{
				MarkdownDescription: "Base URL of the Flex API, replacing the one derived from " +
					"`region` and `edge`: for a proxy, or for the local emulator. Must be `https://`, " +
					"except `http://` on a loopback address. " +
					"Defaults to the `TWILIO_FLEX_API_URL` environment variable.",
				Optional:   true,
				Validators: []validator.String{baseURLValidator()},
			},
			"flex_metadata": schema.StringAttribute{
				MarkdownDescription: "Value sent as the `Flex-Metadata` header on every request.",
				Optional:            true,
			},
			"max_retries": schema.Int64Attribute{
				MarkdownDescription: fmt.Sprintf("How many times a request is retried after a "+
					"rate limit (429), a server error (500, 502, 503, 504) or a dropped "+
					"connection; a create only after 429 or a connection refused before it "+
					"was sent. Waits grow exponentially with jitter, never shorter than "+
					"`Retry-After` asks, and are capped at 30 seconds. Defaults to `%d`.",
					defaultMaxRetries),
				Optional:   true,
				Validators: []validator.Int64{int64validator.Between(0, 20)},
			},
			"request_timeout": schema.StringAttribute{
				MarkdownDescription: fmt.Sprintf("Time limit for one HTTP request attempt, as a "+
					"duration such as `30s` or `2m`. Defaults to `%s`.", defaultRequestTimeout),
				Optional:   true,
				Validators: []validator.String{durationValidator(), stringvalidator.LengthAtLeast(2)},
			},
		},
	}
}

func (p *twilioProvider) Configure(
	ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse,
) {
	var config twilioProviderModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}

	if configHasUnknowns(config) {
		// Values from other resources are known only at apply; until then resources keep
		// their state and make no API calls.
		tflog.Debug(ctx, "provider configuration not yet known; deferring API client setup")
		data := &providerData{}
		resp.DataSourceData, resp.ResourceData = data, data
		return
	}

	settings := resolveSettings(config, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}

	data, err := newProviderData(settings, p.version, req.TerraformVersion)
	if err != nil {
		resp.Diagnostics.AddError("Unable to Create Twilio API Client",
			"The provider settings were accepted but the client could not be built: "+err.Error())
		return
	}

	ctx = tflog.SetField(ctx, "flex_api_url", data.client.BaseURL())
	tflog.Debug(ctx, "configured Twilio Flex API client", map[string]any{
		"auth_user_kind": settings.userKind(), "max_retries": settings.maxRetries,
	})
	resp.DataSourceData, resp.ResourceData = data, data
}

func (p *twilioProvider) Resources(_ context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		newPluginVersionResource,
	}
}

func (p *twilioProvider) DataSources(_ context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{
		newPluginVersionsDataSource,
		newPluginDataSource,
		newPluginVersionDataSource,
	}
}
