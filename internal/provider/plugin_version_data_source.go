package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/datasource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/boolvalidator"
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
	_ datasource.DataSource                     = (*pluginVersionDataSource)(nil)
	_ datasource.DataSourceWithConfigure        = (*pluginVersionDataSource)(nil)
	_ datasource.DataSourceWithConfigValidators = (*pluginVersionDataSource)(nil)
)

type pluginVersionDataSource struct {
	data *providerData
}

type pluginVersionDataSourceModel struct {
	pluginVersionModel
	Latest   types.Bool     `tfsdk:"latest"`
	Timeouts timeouts.Value `tfsdk:"timeouts"`
}

func newPluginVersionDataSource() datasource.DataSource {
	return &pluginVersionDataSource{}
}

func (d *pluginVersionDataSource) Metadata(
	_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse,
) {
	resp.TypeName = req.ProviderTypeName + "_flex_plugin_version"
}

func (d *pluginVersionDataSource) Schema(
	ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse,
) {
	attributes := pluginVersionDataSourceAttributes()
	attributes["plugin_sid"] = schema.StringAttribute{
		MarkdownDescription: "SID (`FP…`) of the plugin.",
		Required:            true,
		Validators:          []validator.String{sidValidator("FP")},
	}
	attributes["sid"] = schema.StringAttribute{
		MarkdownDescription: "Plugin version SID (`FV…`) to read. Set exactly one of `sid`, " +
			"`version` and `latest`.",
		Optional:   true,
		Computed:   true,
		Validators: []validator.String{sidValidator("FV")},
	}
	attributes["version"] = schema.StringAttribute{
		MarkdownDescription: "Version string to look up, such as `1.4.0`.",
		Optional:            true,
		Computed:            true,
		Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
	}
	attributes["latest"] = schema.BoolAttribute{
		MarkdownDescription: "Set to `true` to read the newest version that is not archived. " +
			"When every version is archived the read fails, and with it any plan that " +
			"refreshes this data source, a destroy included: run that destroy with " +
			"`-refresh=false`.",
		Optional:   true,
		Validators: []validator.Bool{boolvalidator.Equals(true)},
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads one version of a Twilio Flex plugin: by SID, by version " +
			"string, or the newest one that is not archived.",
		Attributes: attributes,
		Blocks: map[string]schema.Block{
			"timeouts": readTimeoutsBlock(ctx, "reading the plugin version"),
		},
	}
}

func (d *pluginVersionDataSource) ConfigValidators(_ context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{
		datasourcevalidator.ExactlyOneOf(
			path.MatchRoot("sid"), path.MatchRoot("version"), path.MatchRoot("latest"),
		),
	}
}

func (d *pluginVersionDataSource) Configure(
	_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse,
) {
	d.data = configuredData(req.ProviderData, "twilio_flex_plugin_version data source",
		&resp.Diagnostics)
}

func (d *pluginVersionDataSource) Read(
	ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse,
) {
	var config pluginVersionDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if d.data == nil || d.data.client == nil {
		addUnconfiguredError(&resp.Diagnostics, "read a plugin version")
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
	found, err := d.find(ctx, config)
	if err != nil {
		addAttributeAPIError(&resp.Diagnostics, path.Root("plugin_sid"),
			"Unable to Read Plugin Version",
			fmt.Sprintf("Plugin %s could not be searched for the requested version.", pluginSid),
			"Check plugin_sid and the credentials, then try again.", err)
		return
	}
	if found == nil {
		resp.Diagnostics.AddAttributeError(selectorPath(config), "Plugin Version Not Found",
			notFoundDetail(config))
		return
	}

	state := pluginVersionDataSourceModel{
		pluginVersionModel: newPluginVersionModel(found),
		Latest:             config.Latest,
		Timeouts:           config.Timeouts,
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// selectorPath is the attribute that selected the version: sid, version or latest.
func selectorPath(config pluginVersionDataSourceModel) path.Path {
	switch {
	case !config.Sid.IsNull():
		return path.Root("sid")
	case !config.Version.IsNull():
		return path.Root("version")
	default:
		return path.Root("latest")
	}
}

// find returns the selected version, or nil when there is no such version.
func (d *pluginVersionDataSource) find(
	ctx context.Context, config pluginVersionDataSourceModel,
) (*flexapi.PluginVersion, error) {
	pluginSid := config.PluginSid.ValueString()
	if sid := config.Sid.ValueString(); sid != "" {
		tflog.Debug(ctx, "fetching plugin version", map[string]any{"sid": sid})
		v, err := d.data.client.FetchPluginVersion(ctx, pluginSid, sid)
		if isNotFound(err) {
			return nil, nil
		}
		return v, err
	}

	tflog.Debug(ctx, "listing plugin versions to select one")
	versions, err := d.data.client.ListPluginVersions(ctx, pluginSid)
	if err != nil {
		return nil, err
	}
	for i := range versions {
		v := &versions[i]
		if (config.Latest.ValueBool() && !v.Archived) || v.Version == config.Version.ValueString() {
			return v, nil
		}
	}
	return nil, nil
}

func notFoundDetail(config pluginVersionDataSourceModel) string {
	pluginSid := config.PluginSid.ValueString()
	switch {
	case config.Sid.ValueString() != "":
		return fmt.Sprintf("Plugin %s has no version with SID %s.", pluginSid, config.Sid.ValueString())
	case config.Version.ValueString() != "":
		return fmt.Sprintf("Plugin %s has no version %q.", pluginSid, config.Version.ValueString())
	default:
		return fmt.Sprintf("Plugin %s has no version that is not archived.", pluginSid)
	}
}
