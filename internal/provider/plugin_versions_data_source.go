package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/datasource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/flexplugins/terraform-provider-twilio/internal/flexapi"
)

var (
	_ datasource.DataSource              = (*pluginVersionsDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*pluginVersionsDataSource)(nil)
)

type pluginVersionsDataSource struct {
	data *providerData
}

type pluginVersionsDataSourceModel struct {
	PluginSid       types.String   `tfsdk:"plugin_sid"`
	IncludeArchived types.Bool     `tfsdk:"include_archived"`
	VersionPrefix   types.String   `tfsdk:"version_prefix"`
	PluginVersions  types.List     `tfsdk:"plugin_versions"`
	Timeouts        timeouts.Value `tfsdk:"timeouts"`
}

func newPluginVersionsDataSource() datasource.DataSource {
	return &pluginVersionsDataSource{}
}

func (d *pluginVersionsDataSource) Metadata(
	_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse,
) {
	resp.TypeName = req.ProviderTypeName + "_flex_plugin_versions"
}

func (d *pluginVersionsDataSource) Schema(
	ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse,
) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists every version of a Twilio Flex plugin, newest first, " +
			"reading all pages of the API's listing.",
		Attributes: map[string]schema.Attribute{
			"plugin_sid": schema.StringAttribute{
				MarkdownDescription: "SID (`FP…`) of the plugin whose versions to list.",
				Required:            true,
				Validators:          []validator.String{sidValidator("FP")},
			},
			"include_archived": schema.BoolAttribute{
				MarkdownDescription: "Whether archived versions are listed. Defaults to `true`.",
				Optional:            true,
			},
			"version_prefix": schema.StringAttribute{
				MarkdownDescription: "List only versions whose version string starts with " +
					"this prefix, such as `2.` for every 2.x release.",
				Optional: true,
			},
			"plugin_versions": schema.ListNestedAttribute{
				MarkdownDescription: "The plugin's versions, newest first. Empty, not null, " +
					"when the plugin has none.",
				Computed: true,
				NestedObject: schema.NestedAttributeObject{
					Attributes: pluginVersionDataSourceAttributes(),
				},
			},
		},
		Blocks: map[string]schema.Block{
			"timeouts": readTimeoutsBlock(ctx, "listing the plugin versions, all pages together"),
		},
	}
}

// pluginVersionDataSourceAttributes describes the fields of one plugin version as read
// by a data source; pluginVersionModel holds their values.
func pluginVersionDataSourceAttributes() map[string]schema.Attribute {
	computed := func(description string) schema.StringAttribute {
		return schema.StringAttribute{MarkdownDescription: description, Computed: true}
	}
	computedBool := func(description string) schema.BoolAttribute {
		return schema.BoolAttribute{MarkdownDescription: description, Computed: true}
	}
	return map[string]schema.Attribute{
		"sid":          computed("Plugin version SID (`FV…`)."),
		"account_sid":  computed("SID (`AC…`) of the account that owns the version."),
		"plugin_sid":   computed("SID (`FP…`) of the plugin."),
		"version":      computed("Version string, unique within the plugin."),
		"plugin_url":   computed("URL of the plugin's JavaScript bundle."),
		"changelog":    computed("What changed in this version; null when none was given."),
		"private":      computedBool("Whether Flex sends credentials to fetch the bundle."),
		"archived":     computedBool("Whether the version is archived."),
		"validated":    computedBool("Whether the version passed validation."),
		"date_created": computed("When the version was created, in RFC 3339 form."),
		"url":          computed("API URL of the version."),
	}
}

func (d *pluginVersionsDataSource) Configure(
	_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse,
) {
	d.data = configuredData(req.ProviderData, "twilio_flex_plugin_versions data source",
		&resp.Diagnostics)
}

func (d *pluginVersionsDataSource) Read(
	ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse,
) {
	var config pluginVersionsDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if d.data == nil || d.data.client == nil {
		addUnconfiguredError(&resp.Diagnostics, "list plugin versions")
		return
	}

	timeout, diags := config.Timeouts.Read(ctx, defaultReadTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	pluginSid := config.PluginSid.ValueString()
	ctx = tflog.SetField(ctx, "plugin_sid", pluginSid)
	tflog.Debug(ctx, "listing plugin versions")

	versions, err := d.data.client.ListPluginVersions(ctx, pluginSid)
	if err != nil {
		addAttributeAPIError(&resp.Diagnostics, path.Root("plugin_sid"),
			"Unable to List Plugin Versions",
			fmt.Sprintf("The versions of plugin %s could not be listed.", pluginSid),
			"Check plugin_sid and the credentials, then try again.", err)
		return
	}

	versions = filterPluginVersions(versions, config.IncludeArchived, config.VersionPrefix)
	tflog.Debug(ctx, "listed plugin versions", map[string]any{"count": len(versions)})
	resp.Diagnostics.Append(setPluginVersionsState(&resp.State, req.Config, versions)...)
}

// setPluginVersionsState writes the configuration back as the state, with
// plugin_versions filled in from versions.
func setPluginVersionsState(
	state *tfsdk.State, config tfsdk.Config, versions []flexapi.PluginVersion,
) diag.Diagnostics {
	var diags diag.Diagnostics
	objectType, _ := config.Raw.Type().(tftypes.Object)
	listType, ok := objectType.AttributeTypes["plugin_versions"].(tftypes.List)
	values := map[string]tftypes.Value{}
	if err := config.Raw.As(&values); err != nil || !ok {
		diags.AddError("Unable to Set Plugin Versions",
			fmt.Sprintf("The configuration does not have the shape of the schema (%v). "+
				"This is a bug in the provider; please report it.", err))
		return diags
	}
	values["plugin_versions"] = newPluginVersionList(listType, versions)
	state.Raw = tftypes.NewValue(objectType, values)
	return diags
}

// filterPluginVersions keeps the versions the data source's filters select, in order.
func filterPluginVersions(
	versions []flexapi.PluginVersion, includeArchived types.Bool, prefix types.String,
) []flexapi.PluginVersion {
	keepArchived := includeArchived.IsNull() || includeArchived.ValueBool()
	if keepArchived && prefix.ValueString() == "" {
		return versions
	}
	kept := versions[:0]
	for _, v := range versions {
		if (keepArchived || !v.Archived) && strings.HasPrefix(v.Version, prefix.ValueString()) {
			kept = append(kept, v)
		}
	}
	return kept
}
