package flexapi

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
)

const pluginVersionsKey = "plugin_versions"

// CreatePluginVersion registers a new plugin version. It is not repeated once the server
// may have acted: an error matching ErrOutcomeUnknown means the version may exist.
func (c *Client) CreatePluginVersion(ctx context.Context, pluginSid string,
	in CreatePluginVersionInput,
) (*PluginVersion, error) {
	if err := requireSID("plugin SID", pluginSid); err != nil {
		return nil, err
	}
	cl := call{
		method: http.MethodPost,
		target: resourcePath("Plugins", pluginSid, "Versions"),
		form:   pluginVersionForm(in),
		create: true,
	}
	return requestObject(ctx, c, cl, "plugin version", sidOfPluginVersion)
}

// FetchPluginVersion reads one plugin version.
func (c *Client) FetchPluginVersion(ctx context.Context, pluginSid, sid string,
) (*PluginVersion, error) {
	if err := requireSIDs(pluginSid, sid); err != nil {
		return nil, err
	}
	cl := call{
		method: http.MethodGet,
		target: resourcePath("Plugins", pluginSid, "Versions", sid),
	}
	return requestObject(ctx, c, cl, "plugin version", sidOfPluginVersion)
}

// ListPluginVersions returns every plugin version of a plugin, archived ones included,
// in API order. The result is never nil.
func (c *Client) ListPluginVersions(ctx context.Context, pluginSid string,
) ([]PluginVersion, error) {
	if err := requireSID("plugin SID", pluginSid); err != nil {
		return nil, err
	}
	return listAll(ctx, c, listSpec[PluginVersion]{
		path:   resourcePath("Plugins", pluginSid, "Versions"),
		key:    pluginVersionsKey,
		decode: decodePluginVersionPage,
		sidOf:  sidOfPluginVersion,
	})
}

// ArchivePluginVersion archives a plugin version. Archiving is idempotent, so the request
// is retried like a read.
func (c *Client) ArchivePluginVersion(ctx context.Context, pluginSid, sid string,
) (*PluginVersion, error) {
	if err := requireSIDs(pluginSid, sid); err != nil {
		return nil, err
	}
	cl := call{
		method: http.MethodPost,
		target: resourcePath("Plugins", pluginSid, "Versions", sid, "Archive"),
	}
	return requestObject(ctx, c, cl, "plugin version", sidOfPluginVersion)
}

func requireSIDs(pluginSid, sid string) error {
	if err := requireSID("plugin SID", pluginSid); err != nil {
		return err
	}
	return requireSID("plugin version SID", sid)
}

func sidOfPluginVersion(v *PluginVersion) string { return v.Sid }

// pluginVersionForm leaves empty strings and a nil Private out, so the API applies its
// own defaults.
func pluginVersionForm(in CreatePluginVersionInput) url.Values {
	form := url.Values{}
	setIfNotEmpty(form, "Version", in.Version)
	setIfNotEmpty(form, "PluginUrl", in.PluginURL)
	setIfNotEmpty(form, "Changelog", in.Changelog)
	if in.Private != nil {
		form.Set("Private", strconv.FormatBool(*in.Private))
	}
	setIfNotEmpty(form, "CliVersion", in.CliVersion)
	setIfNotEmpty(form, "ValidateStatus", in.ValidateStatus)
	return form
}

func setIfNotEmpty(form url.Values, key, value string) {
	if value != "" {
		form.Set(key, value)
	}
}

func decodePluginVersionPage(body []byte) (listPage[PluginVersion], error) {
	var page struct {
		Items []PluginVersion `json:"plugin_versions"`
		Meta  *pageMeta       `json:"meta"`
	}
	err := json.Unmarshal(body, &page)
	return listPage[PluginVersion]{items: page.Items, meta: page.Meta}, err
}
