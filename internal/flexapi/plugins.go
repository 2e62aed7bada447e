package flexapi

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
)

const pluginsKey = "plugins"

// CreatePlugin creates a plugin. It is not repeated once the server may have acted: an
// error matching ErrOutcomeUnknown means the plugin may exist.
func (c *Client) CreatePlugin(ctx context.Context, in CreatePluginInput) (*Plugin, error) {
	form := url.Values{}
	setIfNotEmpty(form, "UniqueName", in.UniqueName)
	setIfNotEmpty(form, "FriendlyName", in.FriendlyName)
	setIfNotEmpty(form, "Description", in.Description)
	cl := call{
		method: http.MethodPost,
		target: resourcePath("Plugins"),
		form:   form,
		create: true,
	}
	return requestObject(ctx, c, cl, "plugin", sidOfPlugin)
}

// FetchPlugin reads one plugin by its SID or its unique name.
func (c *Client) FetchPlugin(ctx context.Context, sidOrUniqueName string) (*Plugin, error) {
	if err := requireSID("plugin SID or unique name", sidOrUniqueName); err != nil {
		return nil, err
	}
	cl := call{method: http.MethodGet, target: resourcePath("Plugins", sidOrUniqueName)}
	return requestObject(ctx, c, cl, "plugin", sidOfPlugin)
}

// ListPlugins returns every plugin of the account, in API order. The result is never nil.
func (c *Client) ListPlugins(ctx context.Context) ([]Plugin, error) {
	return listAll(ctx, c, listSpec[Plugin]{
		path:   resourcePath("Plugins"),
		key:    pluginsKey,
		decode: decodePluginPage,
		sidOf:  sidOfPlugin,
	})
}

// ArchivePlugin archives a plugin. Archiving is idempotent, so the request is retried
// like a read.
func (c *Client) ArchivePlugin(ctx context.Context, sid string) (*Plugin, error) {
	if err := requireSID("plugin SID", sid); err != nil {
		return nil, err
	}
	cl := call{method: http.MethodPost, target: resourcePath("Plugins", sid, "Archive")}
	return requestObject(ctx, c, cl, "plugin", sidOfPlugin)
}

func sidOfPlugin(p *Plugin) string { return p.Sid }

func decodePluginPage(body []byte) (listPage[Plugin], error) {
	var page struct {
		Items []Plugin  `json:"plugins"`
		Meta  *pageMeta `json:"meta"`
	}
	err := json.Unmarshal(body, &page)
	return listPage[Plugin]{items: page.Items, meta: page.Meta}, err
}
