package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/types"

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

func newPluginVersionModels(versions []flexapi.PluginVersion) []pluginVersionModel {
	models := make([]pluginVersionModel, 0, len(versions))
	for i := range versions {
		models = append(models, newPluginVersionModel(&versions[i]))
	}
	return models
}

func stringOrNull(s string) types.String {
	if s == "" {
		return types.StringNull()
	}
	return types.StringValue(s)
}
