package provider

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/flexplugins/terraform-provider-twilio/internal/flexapi"
)

var (
	_ resource.Resource                = (*pluginVersionResource)(nil)
	_ resource.ResourceWithConfigure   = (*pluginVersionResource)(nil)
	_ resource.ResourceWithImportState = (*pluginVersionResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*pluginVersionResource)(nil)
	_ resource.ResourceWithIdentity    = (*pluginVersionResource)(nil)
)

const (
	defaultCreateTimeout = 10 * time.Minute
	defaultReadTimeout   = 5 * time.Minute
	defaultDeleteTimeout = 10 * time.Minute
)

type pluginVersionResource struct {
	data *providerData
}

// pluginVersionResourceModel is the resource's state: the API's fields plus the
// arguments the API accepts but never returns.
type pluginVersionResourceModel struct {
	ID types.String `tfsdk:"id"`
	pluginVersionModel
	CliVersion     types.String   `tfsdk:"cli_version"`
	ValidateStatus types.String   `tfsdk:"validate_status"`
	Timeouts       timeouts.Value `tfsdk:"timeouts"`
}

// pluginVersionIdentityModel is the resource identity: what names the remote object.
type pluginVersionIdentityModel struct {
	PluginSid types.String `tfsdk:"plugin_sid"`
	Sid       types.String `tfsdk:"sid"`
}

func newPluginVersionResource() resource.Resource {
	return &pluginVersionResource{}
}

func (r *pluginVersionResource) Metadata(
	_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse,
) {
	resp.TypeName = req.ProviderTypeName + "_flex_plugin_version"
}

func (r *pluginVersionResource) Schema(
	ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse,
) {
	replace := []planmodifier.String{stringplanmodifier.RequiresReplace()}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Registers a version of a Twilio Flex plugin: a JavaScript bundle " +
			"URL under a version string. Plugin versions cannot be changed, so every argument " +
			"forces a replacement. Destroying the resource **archives** the version: archiving " +
			"is permanent and the version string stays taken, so a replacement needs a new " +
			"`version`.",
		Attributes: map[string]schema.Attribute{
			"id":  computedString("The plugin version SID, the same as `sid`."),
			"sid": computedString("The plugin version SID (`FV…`)."),
			"plugin_sid": schema.StringAttribute{
				MarkdownDescription: "SID (`FP…`) of the plugin this version belongs to.",
				Required:            true,
				PlanModifiers:       replace,
				Validators:          []validator.String{sidValidator("FP")},
			},
			"version": schema.StringAttribute{
				MarkdownDescription: "Version string, unique within the plugin, such as `1.4.0`. " +
					"It stays taken after the version is archived. A version that is not " +
					"semantic is accepted with a warning.",
				Required:      true,
				PlanModifiers: replace,
				Validators: []validator.String{
					stringvalidator.LengthAtLeast(1), semverWarningValidator(),
				},
			},
			"plugin_url": schema.StringAttribute{
				MarkdownDescription: "Absolute `https://` URL of the plugin's JavaScript bundle.",
				Required:            true,
				PlanModifiers:       replace,
				Validators:          []validator.String{pluginURLValidator()},
			},
			"changelog": schema.StringAttribute{
				MarkdownDescription: "What changed in this version.",
				Optional:            true,
				PlanModifiers:       replace,
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"private": schema.BoolAttribute{
				MarkdownDescription: "Whether Flex must send credentials to fetch the bundle. " +
					"Defaults to `false`.",
				Optional:      true,
				Computed:      true,
				Default:       booldefault.StaticBool(false),
				PlanModifiers: []planmodifier.Bool{boolplanmodifier.RequiresReplace()},
			},
			"cli_version": schema.StringAttribute{
				MarkdownDescription: "Version of the Flex Plugins CLI to record with the version. " +
					"The API never returns it, so it is kept from the configuration and is " +
					"empty after import.",
				Optional:      true,
				PlanModifiers: []planmodifier.String{replaceUnlessImported()},
				Validators:    []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"validate_status": schema.StringAttribute{
				MarkdownDescription: "Result of validating the bundle: `success` or `failure`. " +
					"`success` marks the version `validated`. The API never returns it, so it " +
					"is kept from the configuration and is empty after import.",
				Optional:      true,
				PlanModifiers: []planmodifier.String{replaceUnlessImported()},
				Validators:    []validator.String{stringvalidator.OneOf("success", "failure")},
			},
			"account_sid":  computedString("SID (`AC…`) of the account that owns the version."),
			"archived":     computedBool("Whether the version is archived."),
			"validated":    computedBool("Whether the version passed validation."),
			"date_created": computedString("When the version was created, in RFC 3339 form."),
			"url":          computedString("API URL of the version."),
		},
		Blocks: map[string]schema.Block{
			"timeouts": pluginVersionTimeoutsBlock(ctx),
		},
	}
}

// importedKey marks, in private state, a plugin version that was imported rather than
// created by this configuration.
const importedKey = "imported"

// wasImported tells whether private state carries the import mark.
func wasImported(ctx context.Context, private interface {
	GetKey(context.Context, string) ([]byte, diag.Diagnostics)
}) bool {
	if private == nil {
		return false
	}
	value, _ := private.GetKey(ctx, importedKey)
	return len(value) > 0
}

// replaceUnlessImported forces replacement when a write-only argument changes, except
// when an imported version has no value for it in state: the API cannot say what was
// sent when it was created, so the configured value is recorded in place.
func replaceUnlessImported() planmodifier.String {
	return stringplanmodifier.RequiresReplaceIf(
		func(ctx context.Context, req planmodifier.StringRequest, resp *stringplanmodifier.RequiresReplaceIfFuncResponse) {
			recordedInPlace := req.StateValue.IsNull() && wasImported(ctx, req.Private)
			resp.RequiresReplace = !recordedInPlace
		},
		"Changing the value forces a replacement, unless the resource was imported without it.",
		"Changing the value forces a replacement, unless the resource was imported without it.",
	)
}

func computedString(description string) schema.StringAttribute {
	return schema.StringAttribute{
		MarkdownDescription: description,
		Computed:            true,
		PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
	}
}

func computedBool(description string) schema.BoolAttribute {
	return schema.BoolAttribute{
		MarkdownDescription: description,
		Computed:            true,
		PlanModifiers:       []planmodifier.Bool{boolplanmodifier.UseStateForUnknown()},
	}
}

func (r *pluginVersionResource) IdentitySchema(
	_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse,
) {
	resp.IdentitySchema = identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			"plugin_sid": identityschema.StringAttribute{
				Description:       "SID (FP…) of the plugin.",
				RequiredForImport: true,
			},
			"sid": identityschema.StringAttribute{
				Description:       "SID (FV…) of the plugin version.",
				RequiredForImport: true,
			},
		},
	}
}

func (r *pluginVersionResource) Configure(
	_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse,
) {
	r.data = configuredData(req.ProviderData, "twilio_flex_plugin_version resource",
		&resp.Diagnostics)
}

func (r *pluginVersionResource) Create(
	ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse,
) {
	var plan pluginVersionResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if r.data == nil || r.data.client == nil {
		addUnconfiguredError(&resp.Diagnostics, "create a plugin version")
		return
	}

	timeout, diags := plan.Timeouts.Create(ctx, defaultCreateTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	pluginSid := plan.PluginSid.ValueString()
	input := createPluginVersionInput(plan)
	ctx = tflog.SetField(ctx, "plugin_sid", pluginSid)
	tflog.Debug(ctx, "creating plugin version", map[string]any{
		"version": input.Version, "plugin_url": input.PluginURL,
	})

	created, diags := r.createPluginVersion(ctx, pluginSid, input)
	r.data.versions.forget(pluginSid)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}

	state := newPluginVersionResourceModel(created, plan)
	tflog.Debug(ctx, "created plugin version", map[string]any{"sid": created.Sid})
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	resp.Diagnostics.Append(resp.Identity.Set(ctx, state.identity())...)
}

func (r *pluginVersionResource) Read(
	ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse,
) {
	var state pluginVersionResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	// The identity never changes; it is set first so that every way out of Read,
	// removal included, returns it as the framework requires.
	resp.Diagnostics.Append(resp.Identity.Set(ctx, state.identity())...)
	if r.data == nil || r.data.client == nil {
		// The provider configuration is not known yet: keep the state as it is.
		return
	}

	timeout, diags := state.Timeouts.Read(ctx, defaultReadTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	pluginSid, sid := state.PluginSid.ValueString(), state.Sid.ValueString()
	ctx = tflog.SetField(ctx, "plugin_sid", pluginSid)
	ctx = tflog.SetField(ctx, "sid", sid)
	tflog.Debug(ctx, "reading plugin version")

	current, err := r.data.versions.read(ctx, pluginSid, sid)
	if errors.Is(err, flexapi.ErrNotFound) {
		tflog.Warn(ctx, "plugin version no longer exists; removing it from state")
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		addAPIError(&resp.Diagnostics, "Unable to Read Plugin Version",
			fmt.Sprintf("Plugin version %s of plugin %s could not be read.", sid, pluginSid),
			"Check the credentials and network access, then refresh again.", err)
		return
	}

	state = newPluginVersionResourceModel(current, state)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// Update makes no API call: plugin versions cannot be edited, so it is reached only to
// record a write-only argument on a resource imported without it.
func (r *pluginVersionResource) Update(
	ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse,
) {
	var plan pluginVersionResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}

	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *pluginVersionResource) Delete(
	ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse,
) {
	var state pluginVersionResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if r.data == nil || r.data.client == nil {
		addUnconfiguredError(&resp.Diagnostics, "archive a plugin version")
		return
	}

	timeout, diags := state.Timeouts.Delete(ctx, defaultDeleteTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	pluginSid, sid := state.PluginSid.ValueString(), state.Sid.ValueString()
	ctx = tflog.SetField(ctx, "plugin_sid", pluginSid)
	ctx = tflog.SetField(ctx, "sid", sid)
	tflog.Debug(ctx, "archiving plugin version")

	err := r.archivePluginVersion(ctx, pluginSid, sid)
	r.data.versions.forget(pluginSid)
	if err != nil {
		addAPIError(&resp.Diagnostics, "Unable to Archive Plugin Version",
			fmt.Sprintf("Plugin version %s of plugin %s could not be archived, so it stays "+
				"in state.", sid, pluginSid),
			"Fix the cause below and run the destroy again.", err)
	}
}

// archivePluginVersion archives a version; one that is already archived, or gone,
// counts as archived.
func (r *pluginVersionResource) archivePluginVersion(ctx context.Context, pluginSid, sid string) error {
	_, err := r.data.client.ArchivePluginVersion(ctx, pluginSid, sid)
	var apiErr *flexapi.Error
	switch {
	case err == nil || errors.Is(err, flexapi.ErrNotFound):
		return nil
	case errors.As(err, &apiErr) && apiErr.Status == 400:
		current, fetchErr := r.data.client.FetchPluginVersion(ctx, pluginSid, sid)
		if errors.Is(fetchErr, flexapi.ErrNotFound) || (fetchErr == nil && current.Archived) {
			tflog.Debug(ctx, "plugin version was already archived")
			return nil
		}
	}
	return err
}

func (r *pluginVersionResource) ImportState(
	ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse,
) {
	pluginSid, sid := "", ""
	if req.ID != "" {
		var ok bool
		pluginSid, sid, ok = parseImportID(req.ID)
		if !ok {
			resp.Diagnostics.AddError("Invalid Import ID",
				fmt.Sprintf("Expected an import ID of the form <plugin_sid>/<sid>, such as "+
					"FP%s/FV%s, got %q.", strings.Repeat("0", 32), strings.Repeat("0", 32), req.ID))
			return
		}
	} else {
		var identity pluginVersionIdentityModel
		resp.Diagnostics.Append(req.Identity.Get(ctx, &identity)...)
		if resp.Diagnostics.HasError() {
			return
		}
		pluginSid, sid = identity.PluginSid.ValueString(), identity.Sid.ValueString()
		if !sidPattern("FP").MatchString(pluginSid) || !sidPattern("FV").MatchString(sid) {
			resp.Diagnostics.AddError("Invalid Import Identity",
				fmt.Sprintf("Expected plugin_sid FP… and sid FV…, each with 32 hexadecimal "+
					"characters, got plugin_sid %q and sid %q.", pluginSid, sid))
			return
		}
	}

	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("plugin_sid"), pluginSid)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("sid"), sid)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), sid)...)
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, importedKey, []byte("true"))...)
}

// parseImportID splits "<plugin_sid>/<sid>" and checks both SIDs.
func parseImportID(id string) (pluginSid, sid string, ok bool) {
	pluginSid, sid, found := strings.Cut(id, "/")
	if !found || !sidPattern("FP").MatchString(pluginSid) || !sidPattern("FV").MatchString(sid) {
		return "", "", false
	}
	return pluginSid, sid, true
}

// createPluginVersionInput builds the API request from the planned arguments.
func createPluginVersionInput(plan pluginVersionResourceModel) flexapi.CreatePluginVersionInput {
	private := plan.Private.ValueBool()
	return flexapi.CreatePluginVersionInput{
		Version:        plan.Version.ValueString(),
		PluginURL:      plan.PluginURL.ValueString(),
		Changelog:      plan.Changelog.ValueString(),
		Private:        &private,
		CliVersion:     plan.CliVersion.ValueString(),
		ValidateStatus: plan.ValidateStatus.ValueString(),
	}
}

// newPluginVersionResourceModel converts an API answer into state, carrying over from
// prior what the API never returns: the write-only arguments and the timeouts.
func newPluginVersionResourceModel(
	v *flexapi.PluginVersion, prior pluginVersionResourceModel,
) pluginVersionResourceModel {
	return pluginVersionResourceModel{
		ID:                 types.StringValue(v.Sid),
		pluginVersionModel: newPluginVersionModel(v),
		CliVersion:         prior.CliVersion,
		ValidateStatus:     prior.ValidateStatus,
		Timeouts:           prior.Timeouts,
	}
}

func (m pluginVersionResourceModel) identity() pluginVersionIdentityModel {
	return pluginVersionIdentityModel{PluginSid: m.PluginSid, Sid: m.Sid}
}
