package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
)

// ModifyPlan stops a replacement that cannot succeed and warns about a version that
// was archived outside Terraform.
func (r *pluginVersionResource) ModifyPlan(
	ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse,
) {
	if req.State.Raw.IsNull() || req.Plan.Raw.IsNull() {
		return // creation or destruction: nothing to compare
	}

	var state, plan pluginVersionResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}

	if state.Archived.ValueBool() {
		resp.Diagnostics.AddAttributeWarning(path.Root("archived"),
			"Plugin Version Archived",
			fmt.Sprintf("Plugin version %s (version %q) was archived outside Terraform. "+
				"Archiving is permanent: it can no longer be included in a Flex release. "+
				"To deploy this plugin again, set a new version.",
				state.Sid.ValueString(), state.Version.ValueString()))
	}

	if replacementKeepsVersion(state, plan, wasImported(ctx, req.Private)) {
		resp.Diagnostics.AddAttributeError(path.Root("version"),
			"Version Must Change With Any Other Argument",
			fmt.Sprintf("This change replaces plugin version %s, but keeps version %q. "+
				"Plugin versions cannot be edited, the old one is archived on replacement, and "+
				"a version string stays taken after archiving, so the new one cannot be "+
				"created under the same version. Bump version (for example to a new patch "+
				"release) together with this change. Nothing has been archived.",
				state.Sid.ValueString(), state.Version.ValueString()))
	}
}

// replacementKeepsVersion reports whether the plan certainly replaces the version within
// the same plugin while keeping its version string. Unknown values are given the benefit
// of the doubt; they are checked again on the next plan.
func replacementKeepsVersion(state, plan pluginVersionResourceModel, imported bool) bool {
	if !knownEqual(state.PluginSid, plan.PluginSid) || !knownEqual(state.Version, plan.Version) {
		return false
	}
	return knownChange(state.PluginURL, plan.PluginURL) ||
		knownChange(state.Changelog, plan.Changelog) ||
		knownChange(state.Private, plan.Private) ||
		writeOnlyChange(state.CliVersion, plan.CliVersion, imported) ||
		writeOnlyChange(state.ValidateStatus, plan.ValidateStatus, imported)
}

// writeOnlyChange reports a change of an argument the API never returns. One that an
// imported version has no value for is recorded in place, so it replaces nothing.
func writeOnlyChange(before, after attr.Value, imported bool) bool {
	recordedInPlace := before.IsNull() && imported
	return !recordedInPlace && knownChange(before, after)
}

func knownEqual(before, after attr.Value) bool {
	return !after.IsUnknown() && before.Equal(after)
}

func knownChange(before, after attr.Value) bool {
	return !after.IsUnknown() && !before.Equal(after)
}
