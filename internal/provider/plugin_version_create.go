package provider

import (
	"context"
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/flexplugins/terraform-provider-twilio/internal/flexapi"
)

// maxCreateAttempts bounds how often a create whose answer was lost is sent again after
// the listing showed that the server did not act on it.
const maxCreateAttempts = 3

// createPluginVersion creates a version so that exactly one exists on the server and
// that one is returned. When a create's answer is lost, the plugin's versions are looked
// up: a match is adopted, a conflicting one is reported, and none means it is safe to
// send the create again.
func (r *pluginVersionResource) createPluginVersion(
	ctx context.Context, pluginSid string, input flexapi.CreatePluginVersionInput,
) (*flexapi.PluginVersion, diag.Diagnostics) {
	var diags diag.Diagnostics
	// Once an answer was lost, a version found later may be that create's, even when a
	// later attempt is refused because the first one took effect meanwhile.
	lostAnswer := false
	for attempt := 1; ; attempt++ {
		created, err := r.data.client.CreatePluginVersion(ctx, pluginSid, input)
		if err == nil {
			return created, diags
		}

		unknownOutcome := errors.Is(err, flexapi.ErrOutcomeUnknown)
		lostAnswer = lostAnswer || unknownOutcome
		if !unknownOutcome && !isBadRequest(err) {
			addCreateError(&diags, pluginSid, input, err)
			return nil, diags
		}

		existing, lookupErr := r.findPluginVersion(ctx, pluginSid, input.Version)
		switch {
		case lookupErr != nil:
			addAPIError(&diags, "Unable to Create Plugin Version",
				fmt.Sprintf("The create of version %q of plugin %s failed (%s), and the "+
					"plugin's versions could not be listed to see whether it took effect.",
					input.Version, pluginSid, err),
				"Run the apply again: a version created meanwhile is reported with its SID.",
				lookupErr)
			return nil, diags
		case existing == nil && unknownOutcome && attempt < maxCreateAttempts:
			tflog.Warn(ctx, "plugin version create was lost before the server acted; sending it again",
				map[string]any{"attempt": attempt, "error": err.Error()})
			continue
		case existing == nil:
			addCreateError(&diags, pluginSid, input, err)
			return nil, diags
		case lostAnswer && createdFrom(existing, input):
			tflog.Info(ctx, "plugin version create succeeded although its answer was lost; "+
				"adopting it", map[string]any{"sid": existing.Sid})
			return existing, diags
		default:
			addVersionTakenError(&diags, pluginSid, input, existing)
			return nil, diags
		}
	}
}

// createdFrom tells whether an existing version is what input would have created, in
// every field the API returns; anything else would not match the plan.
func createdFrom(existing *flexapi.PluginVersion, input flexapi.CreatePluginVersionInput) bool {
	private := input.Private != nil && *input.Private
	return !existing.Archived && existing.PluginURL == input.PluginURL &&
		existing.Changelog == input.Changelog && existing.Private == private
}

// findPluginVersion returns the plugin's version with the given version string, or nil.
func (r *pluginVersionResource) findPluginVersion(
	ctx context.Context, pluginSid, version string,
) (*flexapi.PluginVersion, error) {
	versions, err := r.data.client.ListPluginVersions(ctx, pluginSid)
	if err != nil {
		return nil, err
	}
	for i := range versions {
		if versions[i].Version == version {
			return &versions[i], nil
		}
	}
	return nil, nil
}

func isBadRequest(err error) bool {
	var apiErr *flexapi.Error
	return errors.As(err, &apiErr) && apiErr.Status == 400
}

func addCreateError(
	diags *diag.Diagnostics, pluginSid string, input flexapi.CreatePluginVersionInput, err error,
) {
	advice := "Check the arguments and the credentials, then apply again."
	if errors.Is(err, flexapi.ErrNotFound) {
		addAttributeAPIError(diags, path.Root("plugin_sid"), "Unable to Create Plugin Version",
			fmt.Sprintf("Plugin %s was not found in this account.", pluginSid),
			"Check plugin_sid and the account the credentials belong to.", err)
		return
	}
	addAPIError(diags, "Unable to Create Plugin Version",
		fmt.Sprintf("Version %q of plugin %s could not be created.", input.Version, pluginSid),
		advice, err)
}

func addVersionTakenError(
	diags *diag.Diagnostics, pluginSid string, input flexapi.CreatePluginVersionInput,
	existing *flexapi.PluginVersion,
) {
	taken := fmt.Sprintf("Version %q of plugin %s already exists as %s, with plugin_url %s. "+
		"A version string stays taken for the life of the plugin, even after archiving.",
		input.Version, pluginSid, existing.Sid, existing.PluginURL)
	if existing.Archived {
		// An archived version can never be released again, so importing it helps no one.
		diags.AddAttributeError(path.Root("version"), "Plugin Version Already Exists",
			taken+"\n\nThat version is archived and cannot be used again: set a new version.")
		return
	}
	diags.AddAttributeError(path.Root("version"), "Plugin Version Already Exists",
		fmt.Sprintf("%s\n\nSet a new version, or manage the existing one with Terraform by "+
			"importing it:\n  terraform import <resource address> %s/%s\n"+
			"or with an import block whose id is \"%s/%s\".",
			taken, pluginSid, existing.Sid, pluginSid, existing.Sid))
}
