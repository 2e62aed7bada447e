package emulator

import (
	"crypto/rand"
	"encoding/hex"
	"time"
)

// Plugin is a Flex plugin in the API's wire format (schema flex.v1.plugin).
// Values returned by the seeding and inspection methods carry resource paths in URL and
// Links, because absolute URLs depend on the address a request reached.
type Plugin struct {
	Sid          string            `json:"sid"`
	AccountSid   string            `json:"account_sid"`
	UniqueName   string            `json:"unique_name"`
	FriendlyName string            `json:"friendly_name"`
	Description  string            `json:"description"`
	Archived     bool              `json:"archived"`
	DateCreated  string            `json:"date_created"`
	DateUpdated  string            `json:"date_updated"`
	URL          string            `json:"url"`
	Links        map[string]string `json:"links,omitempty"`
}

// PluginVersion is a Flex plugin version in the API's wire format
// (schema flex.v1.plugin.plugin_version). URL follows the same rule as Plugin.URL.
type PluginVersion struct {
	Sid         string `json:"sid"`
	AccountSid  string `json:"account_sid"`
	PluginSid   string `json:"plugin_sid"`
	Version     string `json:"version"`
	PluginURL   string `json:"plugin_url"`
	Changelog   string `json:"changelog"`
	Private     bool   `json:"private"`
	Archived    bool   `json:"archived"`
	Validated   bool   `json:"validated"`
	DateCreated string `json:"date_created"`
	URL         string `json:"url"`
}

// pluginVersionArchive is the archive answer (schema flex.v1.plugin_version_archive),
// which has no validated field.
type pluginVersionArchive struct {
	Sid         string `json:"sid"`
	AccountSid  string `json:"account_sid"`
	PluginSid   string `json:"plugin_sid"`
	Version     string `json:"version"`
	PluginURL   string `json:"plugin_url"`
	Changelog   string `json:"changelog"`
	Private     bool   `json:"private"`
	Archived    bool   `json:"archived"`
	DateCreated string `json:"date_created"`
	URL         string `json:"url"`
}

type pluginRecord struct {
	seq          int64
	sid          string
	uniqueName   string
	friendlyName string
	description  string
	archived     bool
	created      string
	updated      string
	// versions is ordered by seq, oldest first, so that a page is a binary search away.
	versions      []*versionRecord
	versionsBySid map[string]*versionRecord
	// takenVersions keeps every version string ever used, archived ones included.
	takenVersions map[string]struct{}
}

type versionRecord struct {
	seq       int64
	sid       string
	version   string
	pluginURL string
	changelog string
	private   bool
	archived  bool
	validated bool
	created   string
}

const pluginsPath = "/v1/PluginService/Plugins"

func pluginPath(sid string) string { return pluginsPath + "/" + sid }

func versionPath(pluginSid, sid string) string {
	return pluginPath(pluginSid) + "/Versions/" + sid
}

func (s *Server) pluginView(p *pluginRecord, base string) Plugin {
	return Plugin{
		Sid:          p.sid,
		AccountSid:   s.opts.AccountSid,
		UniqueName:   p.uniqueName,
		FriendlyName: p.friendlyName,
		Description:  p.description,
		Archived:     p.archived,
		DateCreated:  p.created,
		DateUpdated:  p.updated,
		URL:          base + pluginPath(p.sid),
		Links:        map[string]string{"plugin_versions": base + pluginPath(p.sid) + "/Versions"},
	}
}

func (s *Server) versionView(p *pluginRecord, v *versionRecord, base string) PluginVersion {
	return PluginVersion{
		Sid:         v.sid,
		AccountSid:  s.opts.AccountSid,
		PluginSid:   p.sid,
		Version:     v.version,
		PluginURL:   v.pluginURL,
		Changelog:   v.changelog,
		Private:     v.private,
		Archived:    v.archived,
		Validated:   v.validated,
		DateCreated: v.created,
		URL:         base + versionPath(p.sid, v.sid),
	}
}

func (v PluginVersion) archiveView() pluginVersionArchive {
	return pluginVersionArchive{
		Sid:         v.Sid,
		AccountSid:  v.AccountSid,
		PluginSid:   v.PluginSid,
		Version:     v.Version,
		PluginURL:   v.PluginURL,
		Changelog:   v.Changelog,
		Private:     v.Private,
		Archived:    v.Archived,
		DateCreated: v.DateCreated,
		URL:         v.URL + "/Archive",
	}
}

// newSid returns prefix followed by 32 random lowercase hex digits, like Twilio SIDs.
func newSid(prefix string) string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return prefix + hex.EncodeToString(b[:])
}

// timestamp formats now in RFC 3339 UTC with whole seconds, as Twilio does.
func timestamp() string {
	return time.Now().UTC().Truncate(time.Second).Format(time.RFC3339)
}
