package emulator

import (
	"fmt"
	"slices"
)

// versionInput holds the stored fields of a new plugin version.
type versionInput struct {
	version   string
	pluginURL string
	changelog string
	private   bool
	validated bool
}

// lookupPlugin finds a plugin by SID or, failing that, by unique name. The caller holds mu.
func (s *Server) lookupPlugin(ref string) *pluginRecord {
	if p, ok := s.pluginsBySid[ref]; ok {
		return p
	}
	return s.pluginsByName[ref]
}

// insertPlugin stores a new plugin; the caller holds mu for writing and has checked that
// the unique name is free.
func (s *Server) insertPlugin(uniqueName, friendlyName, description string) *pluginRecord {
	s.seq++
	now := timestamp()
	p := &pluginRecord{
		seq:           s.seq,
		sid:           s.unusedSid("FP", func(sid string) bool { return s.pluginsBySid[sid] != nil }),
		uniqueName:    uniqueName,
		friendlyName:  friendlyName,
		description:   description,
		created:       now,
		updated:       now,
		versionsBySid: map[string]*versionRecord{},
		takenVersions: map[string]struct{}{},
	}
	s.plugins = append(s.plugins, p)
	s.pluginsBySid[p.sid] = p
	s.pluginsByName[uniqueName] = p
	return p
}

// insertVersion stores a new plugin version; the caller holds mu for writing and has
// checked that the version string is free.
func (s *Server) insertVersion(p *pluginRecord, in versionInput) *versionRecord {
	s.seq++
	v := &versionRecord{
		seq:       s.seq,
		sid:       s.unusedSid("FV", func(sid string) bool { return p.versionsBySid[sid] != nil }),
		version:   in.version,
		pluginURL: in.pluginURL,
		changelog: in.changelog,
		private:   in.private,
		validated: in.validated,
		created:   timestamp(),
	}
	p.versions = append(p.versions, v)
	p.versionsBySid[v.sid] = v
	p.takenVersions[v.version] = struct{}{}
	return v
}

func (s *Server) unusedSid(prefix string, taken func(string) bool) string {
	for {
		if sid := newSid(prefix); !taken(sid) {
			return sid
		}
	}
}

// AddPlugin creates a plugin with the given unique name, or returns the existing plugin of
// that name.
func (s *Server) AddPlugin(uniqueName string) Plugin {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.pluginsByName[uniqueName]
	if p == nil {
		p = s.insertPlugin(uniqueName, uniqueName, "")
	}
	return s.pluginView(p, "")
}

// Plugin returns the plugin with the given SID or unique name.
func (s *Server) Plugin(sidOrName string) (Plugin, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	p := s.lookupPlugin(sidOrName)
	if p == nil {
		return Plugin{}, false
	}
	return s.pluginView(p, ""), true
}

// Plugins returns every plugin, newest first, as the list endpoint orders them.
func (s *Server) Plugins() []Plugin {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := make([]Plugin, 0, len(s.plugins))
	for _, p := range slices.Backward(s.plugins) {
		out = append(out, s.pluginView(p, ""))
	}
	return out
}

// ArchivePlugin archives a plugin as if done outside Terraform. It reports whether the
// plugin exists.
func (s *Server) ArchivePlugin(sidOrName string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.lookupPlugin(sidOrName)
	if p == nil {
		return false
	}
	if !p.archived {
		p.archived, p.updated = true, timestamp()
	}
	return true
}

// AddPluginVersions creates n plugin versions under the plugin with the given SID or unique
// name, with version strings "0.0.1", "0.0.2", ... (skipping strings already taken) and
// returns them in creation order. It returns nil if the plugin does not exist.
func (s *Server) AddPluginVersions(pluginSid string, n int) []PluginVersion {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.lookupPlugin(pluginSid)
	if p == nil {
		return nil
	}
	out := make([]PluginVersion, 0, max(n, 0))
	for k := 1; len(out) < n; k++ {
		version := fmt.Sprintf("0.0.%d", k)
		if _, taken := p.takenVersions[version]; taken {
			continue
		}
		v := s.insertVersion(p, versionInput{
			version:   version,
			pluginURL: fmt.Sprintf("https://assets.example.com/%s/%s/bundle.js", p.uniqueName, version),
			changelog: "Version " + version,
		})
		out = append(out, s.versionView(p, v, ""))
	}
	return out
}

// AddPluginVersion creates one plugin version with the given version string and bundle URL
// under the plugin with the given SID or unique name.
func (s *Server) AddPluginVersion(pluginSid, version, pluginURL string) (PluginVersion, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.lookupPlugin(pluginSid)
	if p == nil {
		return PluginVersion{}, fmt.Errorf("plugin %q does not exist", pluginSid)
	}
	if _, taken := p.takenVersions[version]; taken {
		return PluginVersion{}, fmt.Errorf("version %q already exists for plugin %s", version, p.sid)
	}
	v := s.insertVersion(p, versionInput{version: version, pluginURL: pluginURL})
	return s.versionView(p, v, ""), nil
}

// PluginVersion returns one plugin version of the plugin with the given SID or unique name.
func (s *Server) PluginVersion(pluginSid, sid string) (PluginVersion, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	p, v := s.lookupVersion(pluginSid, sid)
	if v == nil {
		return PluginVersion{}, false
	}
	return s.versionView(p, v, ""), true
}

// PluginVersions returns every version of the plugin, archived ones included, newest first
// as the list endpoint orders them. It returns nil if the plugin does not exist.
func (s *Server) PluginVersions(pluginSid string) []PluginVersion {
	s.mu.RLock()
	defer s.mu.RUnlock()
	p := s.lookupPlugin(pluginSid)
	if p == nil {
		return nil
	}
	out := make([]PluginVersion, 0, len(p.versions))
	for _, v := range slices.Backward(p.versions) {
		out = append(out, s.versionView(p, v, ""))
	}
	return out
}

// ArchivePluginVersion archives a plugin version as if done outside Terraform. It reports
// whether the version exists; archiving an archived version changes nothing.
func (s *Server) ArchivePluginVersion(pluginSid, sid string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, v := s.lookupVersion(pluginSid, sid)
	if v == nil {
		return false
	}
	v.archived = true
	return true
}

// RemovePluginVersion deletes a plugin version as if it had vanished from the account: it is
// no longer fetched or listed, and its version string becomes free again. It reports
// whether the version existed.
func (s *Server) RemovePluginVersion(pluginSid, sid string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, v := s.lookupVersion(pluginSid, sid)
	if v == nil {
		return false
	}
	p.versions = slices.DeleteFunc(p.versions, func(x *versionRecord) bool { return x == v })
	delete(p.versionsBySid, v.sid)
	delete(p.takenVersions, v.version)
	return true
}

// lookupVersion finds a plugin and one of its versions; the caller holds mu.
func (s *Server) lookupVersion(pluginRef, sid string) (*pluginRecord, *versionRecord) {
	p := s.lookupPlugin(pluginRef)
	if p == nil {
		return nil, nil
	}
	return p, p.versionsBySid[sid]
}
