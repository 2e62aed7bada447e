package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/flexplugins/terraform-provider-twilio/internal/flexapi"
)

// pluginVersionModel holds the plugin version fields the API returns. The resource
// embeds it and the data sources list it, so the mapping from the API is written once.
type pluginVersionModel struct {
	Sid         types.String `tfsdk:"sid"`
	AccountSid  types.String `tfsdk:"account_sid"`
	PluginSid   types.String `tfsdk:"plugin_sid"`
	Version     types.String `tfsdk:"version"`
	PluginURL   types.String `tfsdk:"plugin_url"`
	Changelog   types.String `tfsdk:"changelog"`
	Private     types.Bool   `tfsdk:"private"`
	Archived    types.Bool   `tfsdk:"archived"`
	Validated   types.Bool   `tfsdk:"validated"`
	DateCreated types.String `tfsdk:"date_created"`
	URL         types.String `tfsdk:"url"`
}

// newPluginVersionModel converts an API plugin version. An empty changelog becomes
// null, because the API returns none when none was given.
func newPluginVersionModel(v *flexapi.PluginVersion) pluginVersionModel {
	return pluginVersionModel{
		Sid:         types.StringValue(v.Sid),
		AccountSid:  types.StringValue(v.AccountSid),
		PluginSid:   types.StringValue(v.PluginSid),
		Version:     types.StringValue(v.Version),
		PluginURL:   types.StringValue(v.PluginURL),
		Changelog:   stringOrNull(v.Changelog),
		Private:     types.BoolValue(v.Private),
		Archived:    types.BoolValue(v.Archived),
		Validated:   types.BoolValue(v.Validated),
		DateCreated: types.StringValue(v.DateCreated),
		URL:         types.StringValue(v.URL),
	}
}

// terraformValue returns the model as an object of objectType, the element type of a
// data source's list of plugin versions.
func (m pluginVersionModel) terraformValue(objectType tftypes.Object) tftypes.Value {
	return tftypes.NewValue(objectType, map[string]tftypes.Value{
		"sid":          terraformString(m.Sid),
		"account_sid":  terraformString(m.AccountSid),
		"plugin_sid":   terraformString(m.PluginSid),
		"version":      terraformString(m.Version),
		"plugin_url":   terraformString(m.PluginURL),
		"changelog":    terraformString(m.Changelog),
		"private":      terraformBool(m.Private),
		"archived":     terraformBool(m.Archived),
		"validated":    terraformBool(m.Validated),
		"date_created": terraformString(m.DateCreated),
		"url":          terraformString(m.URL),
	})
}

// newPluginVersionList converts API plugin versions, in their order, into a list of
// listType. It builds the Terraform value directly: going through the framework's
// reflection costs tens of kilobytes and hundreds of allocations per version, which a
// plugin with ten thousand versions would feel.
func newPluginVersionList(listType tftypes.List, versions []flexapi.PluginVersion) tftypes.Value {
	objectType, _ := listType.ElementType.(tftypes.Object)
	elements := make([]tftypes.Value, 0, len(versions))
	for i := range versions {
		elements = append(elements, newPluginVersionModel(&versions[i]).terraformValue(objectType))
	}
	return tftypes.NewValue(listType, elements)
}

func terraformString(v types.String) tftypes.Value {
	if v.IsNull() {
		return tftypes.NewValue(tftypes.String, nil)
	}
	return tftypes.NewValue(tftypes.String, v.ValueString())
}

func terraformBool(v types.Bool) tftypes.Value {
	if v.IsNull() {
		return tftypes.NewValue(tftypes.Bool, nil)
	}
	return tftypes.NewValue(tftypes.Bool, v.ValueBool())
}

func stringOrNull(s string) types.String {
	if s == "" {
		return types.StringNull()
	}
	return types.StringValue(s)
}
