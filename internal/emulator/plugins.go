package emulator

import (
	"net/http"
	"net/url"
	"slices"
	"unicode/utf8"
)

const maxDescriptionLen = 500

type pluginList struct {
	Plugins []Plugin `json:"plugins"`
	Meta    listMeta `json:"meta"`
}

func formValues(c call) (url.Values, *apiError) {
	if err := c.r.ParseForm(); err != nil {
		return nil, invalidParameter("The request body is not a valid form: %v", err)
	}
	return c.r.PostForm, nil
}

func checkDescription(form url.Values) *apiError {
	if n := utf8.RuneCountInString(form.Get("Description")); n > maxDescriptionLen {
		return invalidParameter("Description is %d characters long; the limit is %d",
			n, maxDescriptionLen)
	}
	return nil
}

func (s *Server) createPlugin(c call) response {
	form, err := formValues(c)
	if err != nil {
		return err.response()
	}
	name := form.Get("UniqueName")
	if name == "" {
		return invalidParameter("Missing required parameter UniqueName").response()
	}
	if err := checkDescription(form); err != nil {
		return err.response()
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	if s.pluginsByName[name] != nil {
		return invalidParameter("A plugin with UniqueName %q already exists", name).response()
	}
	p := s.insertPlugin(name, form.Get("FriendlyName"), form.Get("Description"))
	return jsonResponse(http.StatusCreated, s.pluginView(p, c.base))
}

func (s *Server) fetchPlugin(c call) response {
	s.mu.RLock()
	defer s.mu.RUnlock()
	p := s.lookupPlugin(c.route.plugin)
	if p == nil {
		return notFound(c.escaped).response()
	}
	return jsonResponse(http.StatusOK, s.pluginView(p, c.base))
}

func (s *Server) updatePlugin(c call) response {
	form, err := formValues(c)
	if err != nil {
		return err.response()
	}
	if err := checkDescription(form); err != nil {
		return err.response()
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.lookupPlugin(c.route.plugin)
	if p == nil {
		return notFound(c.escaped).response()
	}
	if form.Has("FriendlyName") {
		p.friendlyName = form.Get("FriendlyName")
	}
	if form.Has("Description") {
		p.description = form.Get("Description")
	}
	p.updated = timestamp()
	return jsonResponse(http.StatusOK, s.pluginView(p, c.base))
}

func (s *Server) archivePlugin(c call) response {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.lookupPlugin(c.route.plugin)
	if p == nil {
		return notFound(c.escaped).response()
	}
	if p.archived {
		return invalidParameter("Plugin %s is already archived", p.sid).response()
	}
	p.archived, p.updated = true, timestamp()

	view := s.pluginView(p, c.base)
	view.URL += "/Archive"
	view.Links = nil // the plugin_archive schema has no links
	return jsonResponse(http.StatusOK, view)
}

func (s *Server) listPlugins(c call) response {
	out, err := s.pluginPage(c)
	if err != nil {
		return err.response()
	}
	return jsonResponse(http.StatusOK, out)
}

// pluginPage copies one page under the read lock; encoding happens after it is released.
func (s *Server) pluginPage(c call) (pluginList, *apiError) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	pg, err := s.paginate(c, "plugins", "plugins", len(s.plugins),
		func(i int) int64 { return s.plugins[i].seq })
	if err != nil {
		return pluginList{}, err
	}
	out := pluginList{Plugins: make([]Plugin, 0, pg.hi-pg.lo), Meta: pg.meta}
	for _, p := range slices.Backward(s.plugins[pg.lo:pg.hi]) {
		out.Plugins = append(out.Plugins, s.pluginView(p, c.base))
	}
	return out, nil
}
