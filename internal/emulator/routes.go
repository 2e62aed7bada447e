package emulator

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

type routeKind int

const (
	routePlugins routeKind = iota
	routePlugin
	routePluginArchive
	routeVersions
	routeVersion
	routeVersionArchive
)

// route is a parsed API path; plugin and version hold unescaped path segments.
type route struct {
	kind    routeKind
	plugin  string
	version string
}

// call is one request as the handlers see it.
type call struct {
	r       *http.Request
	route   route
	base    string // scheme://host the request reached
	escaped string // escaped request path, used in list URLs and messages
}

type handlerFunc func(*Server, call) response

var handlers = map[routeKind]map[string]handlerFunc{
	routePlugins: {
		http.MethodGet:  (*Server).listPlugins,
		http.MethodPost: (*Server).createPlugin,
	},
	routePlugin: {
		http.MethodGet:  (*Server).fetchPlugin,
		http.MethodPost: (*Server).updatePlugin,
	},
	routePluginArchive: {http.MethodPost: (*Server).archivePlugin},
	routeVersions: {
		http.MethodGet:  (*Server).listVersions,
		http.MethodPost: (*Server).createVersion,
	},
	routeVersion:        {http.MethodGet: (*Server).fetchVersion},
	routeVersionArchive: {http.MethodPost: (*Server).archiveVersion},
}

// allowed lists each route's methods in a stable order for the Allow header.
var allowed = map[routeKind]string{
	routePlugins:        "GET, POST",
	routePlugin:         "GET, POST",
	routePluginArchive:  "POST",
	routeVersions:       "GET, POST",
	routeVersion:        "GET",
	routeVersionArchive: "POST",
}

func (s *Server) route(r *http.Request) response {
	escaped := r.URL.EscapedPath()
	rt, ok := parseRoute(escaped)
	if !ok {
		return notFound(escaped).response()
	}
	h, ok := handlers[rt.kind][r.Method]
	if !ok {
		resp := errorResponse(http.StatusMethodNotAllowed, CodeMethodNotAllowed,
			fmt.Sprintf("Method %s is not allowed on %s; allowed: %s",
				r.Method, escaped, allowed[rt.kind]))
		resp.header.Set("Allow", allowed[rt.kind])
		return resp
	}
	return h(s, call{r: r, route: rt, base: baseURL(r), escaped: escaped})
}

// parseRoute splits the escaped path before unescaping each segment, so an escaped slash
// inside a SID or unique name can never reach a different endpoint.
func parseRoute(escaped string) (route, bool) {
	rest, ok := strings.CutPrefix(escaped, pluginsPath)
	if !ok {
		return route{}, false
	}
	if rest == "" {
		return route{kind: routePlugins}, true
	}
	if !strings.HasPrefix(rest, "/") {
		return route{}, false
	}
	segs := strings.Split(rest[1:], "/")
	for i, seg := range segs {
		u, err := url.PathUnescape(seg)
		if err != nil || u == "" {
			return route{}, false
		}
		segs[i] = u
	}
	return matchSegments(segs)
}

func matchSegments(segs []string) (route, bool) {
	rt := route{plugin: segs[0]}
	switch {
	case len(segs) == 1:
		rt.kind = routePlugin
	case len(segs) == 2 && segs[1] == "Archive":
		rt.kind = routePluginArchive
	case len(segs) == 2 && segs[1] == "Versions":
		rt.kind = routeVersions
	case len(segs) == 3 && segs[1] == "Versions":
		rt.kind, rt.version = routeVersion, segs[2]
	case len(segs) == 4 && segs[1] == "Versions" && segs[3] == "Archive":
		rt.kind, rt.version = routeVersionArchive, segs[2]
	default:
		return route{}, false
	}
	return rt, true
}
