package provider

import (
	"context"
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/datasource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/flexplugins/terraform-provider-twilio/internal/flexapi"
)

var (
	_ datasource.DataSource                     = (*pluginDataSource)(nil)
	_ datasource.DataSourceWithConfigure        = (*pluginDataSource)(nil)
	_ datasource.DataSourceWithConfigValidators = (*pluginDataSource)(nil)
)

type pluginDataSource struct {
	data *providerData
}

type pluginDataSourceModel struct {
	Sid          types.String   `tfsdk:"sid"`
	UniqueName   types.String   `tfsdk:"unique_name"`
	AccountSid   types.String   `tfsdk:"account_sid"`
	FriendlyName types.String   `tfsdk:"friendly_name"`
	Description  types.String   `tfsdk:"description"`
	Archived     types.Bool     `tfsdk:"archived"`
	DateCreated  types.String   `tfsdk:"date_created"`
	DateUpdated  types.String   `tfsdk:"date_updated"`
	URL          types.String   `tfsdk:"url"`
	Timeouts     timeouts.Value `tfsdk:"timeouts"`
}

func newPluginDataSource() datasource.DataSource {
	return &pluginDataSource{}
}

func (d *pluginDataSource) Metadata(
	_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse,
) {
	resp.TypeName = req.ProviderTypeName + "_flex_plugin"
}

func (d *pluginDataSource) Schema(
	ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse,
) {
	computed := func(description string) schema.StringAttribute {
		return schema.StringAttribute{MarkdownDescription: description, Computed: true}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Looks up a Twilio Flex plugin by its unique name or SID, so that " +
			"configurations need not hard-code `FP` SIDs.",
		Attributes: map[string]schema.Attribute{
			"sid": schema.StringAttribute{
				MarkdownDescription: "Plugin SID (`FP…`). Set this or `unique_name`.",
				Optional:            true,
				Computed:            true,
				Validators:          []validator.String{sidValidator("FP")},
			},
			"unique_name": schema.StringAttribute{
				MarkdownDescription: "Unique name of the plugin, as given to the Flex Plugins " +
					"CLI. Set this or `sid`.",
				Optional:   true,
				Computed:   true,
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"account_sid":   computed("SID (`AC…`) of the account that owns the plugin."),
			"friendly_name": computed("Display name of the plugin."),
			"description":   computed("Description of the plugin."),
			"archived": schema.BoolAttribute{
				MarkdownDescription: "Whether the plugin is archived.",
				Computed:            true,
			},
			"date_created": computed("When the plugin was created, in RFC 3339 form."),
			"date_updated": computed("When the plugin was last updated, in RFC 3339 form."),
			"url":          computed("API URL of the plugin."),
		},
		Blocks: map[string]schema.Block{
			"timeouts": readTimeoutsBlock(ctx, "looking the plugin up"),
		},
	}
}

func (d *pluginDataSource) ConfigValidators(_ context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{
		datasourcevalidator.ExactlyOneOf(path.MatchRoot("sid"), path.MatchRoot("unique_name")),
	}
}

func (d *pluginDataSource) Configure(
	_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse,
) {
	d.data = configuredData(req.ProviderData, "twilio_flex_plugin data source", &resp.Diagnostics)
}

func (d *pluginDataSource) Read(
	ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse,
) {
	var config pluginDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if d.data == nil || d.data.client == nil {
		addUnconfiguredError(&resp.Diagnostics, "look up a plugin")
		return
	}

	timeout, diags := config.Timeouts.Read(ctx, defaultReadTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	// The API takes a plugin's unique name wherever it takes its SID.
	key, at := config.Sid.ValueString(), path.Root("sid")
	if key == "" {
		key, at = config.UniqueName.ValueString(), path.Root("unique_name")
	}
	tflog.Debug(ctx, "fetching plugin", map[string]any{"plugin": key})

	plugin, err := d.data.client.FetchPlugin(ctx, key)
	if err != nil {
		summary, what := "Unable to Read Plugin", fmt.Sprintf("Plugin %q could not be read.", key)
		advice := "Check the credentials and network access, then try again."
		if errors.Is(err, flexapi.ErrNotFound) {
			summary, what = "Plugin Not Found", fmt.Sprintf("No plugin %q exists.", key)
			advice = "Check the value and the account the credentials belong to."
		}
		addAttributeAPIError(&resp.Diagnostics, at, summary, what, advice, err)
		return
	}

	state := newPluginDataSourceModel(plugin)
	state.Timeouts = config.Timeouts
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func newPluginDataSourceModel(p *flexapi.Plugin) pluginDataSourceModel {
	return pluginDataSourceModel{
		Sid:          types.StringValue(p.Sid),
		UniqueName:   types.StringValue(p.UniqueName),
		AccountSid:   types.StringValue(p.AccountSid),
		FriendlyName: stringOrNull(p.FriendlyName),
		Description:  stringOrNull(p.Description),
		Archived:     types.BoolValue(p.Archived),
		DateCreated:  types.StringValue(p.DateCreated),
		DateUpdated:  types.StringValue(p.DateUpdated),
		URL:          types.StringValue(p.URL),
	}
}
