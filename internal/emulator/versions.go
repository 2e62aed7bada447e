package emulator

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
)

type pluginVersionList struct {
	PluginVersions []PluginVersion `json:"plugin_versions"`
	Meta           listMeta        `json:"meta"`
}

// parseVersionInput reads the create form. CliVersion is accepted and dropped, as the API
// never returns it; ValidateStatus only decides the validated flag.
func parseVersionInput(form url.Values) (versionInput, *apiError) {
	in := versionInput{
		version:   form.Get("Version"),
		pluginURL: form.Get("PluginUrl"),
		changelog: form.Get("Changelog"),
		validated: form.Get("ValidateStatus") == "success",
	}
	if in.version == "" {
		return in, invalidParameter("Missing required parameter Version")
	}
	if in.pluginURL == "" {
		return in, invalidParameter("Missing required parameter PluginUrl")
	}
	if u, err := url.Parse(in.pluginURL); err != nil || !u.IsAbs() || u.Host == "" {
		return in, invalidParameter("PluginUrl must be an absolute URL, got %q", in.pluginURL)
	}
	if form.Has("Private") {
		switch p := form.Get("Private"); {
		case strings.EqualFold(p, "true"):
			in.private = true
		case strings.EqualFold(p, "false"):
		default:
			return in, invalidParameter("Private must be true or false, got %q", p)
		}
	}
	return in, nil
}

func (s *Server) createVersion(c call) response {
	form, err := formValues(c)
	if err != nil {
		return err.response()
	}
	in, err := parseVersionInput(form)
	if err != nil {
		return err.response()
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.lookupPlugin(c.route.plugin)
	if p == nil {
		return notFound(c.escaped).response()
	}
	if _, taken := p.takenVersions[in.version]; taken {
		return invalidParameter("Version %q already exists for plugin %s; a version string "+
			"cannot be used twice, even after its plugin version is archived",
			in.version, p.sid).response()
	}
	v := s.insertVersion(p, in)
	return jsonResponse(http.StatusCreated, s.versionView(p, v, c.base))
}

func (s *Server) fetchVersion(c call) response {
	s.mu.RLock()
	defer s.mu.RUnlock()
	p, v := s.lookupVersion(c.route.plugin, c.route.version)
	if v == nil {
		return notFound(c.escaped).response()
	}
	return jsonResponse(http.StatusOK, s.versionView(p, v, c.base))
}

func (s *Server) archiveVersion(c call) response {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, v := s.lookupVersion(c.route.plugin, c.route.version)
	if v == nil {
		return notFound(c.escaped).response()
	}
	if v.archived {
		return invalidParameter("Plugin version %s of plugin %s is already archived",
			v.sid, p.sid).response()
	}
	v.archived = true
	return jsonResponse(http.StatusOK, s.versionView(p, v, c.base).archiveView())
}

func (s *Server) listVersions(c call) response {
	out, err := s.versionPage(c)
	if err != nil {
		return err.response()
	}
	return jsonResponse(http.StatusOK, out)
}

// versionPage copies one page under the read lock; encoding happens after it is released.
func (s *Server) versionPage(c call) (pluginVersionList, *apiError) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	p := s.lookupPlugin(c.route.plugin)
	if p == nil {
		return pluginVersionList{}, notFound(c.escaped)
	}
	pg, err := s.paginate(c, "plugin_versions", "versions/"+p.sid, len(p.versions),
		func(i int) int64 { return p.versions[i].seq })
	if err != nil {
		return pluginVersionList{}, err
	}
	out := pluginVersionList{
		PluginVersions: make([]PluginVersion, 0, pg.hi-pg.lo),
		Meta:           pg.meta,
	}
	for _, v := range slices.Backward(p.versions[pg.lo:pg.hi]) {
		out.PluginVersions = append(out.PluginVersions, s.versionView(p, v, c.base))
	}
	return out, nil
}
