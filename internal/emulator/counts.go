package emulator

import (
	"maps"
	"sync"
)

// requestCounts tallies requests by method and escaped path, query left out.
type requestCounts struct {
	mu sync.Mutex
	m  map[string]int
}

func countKey(method, path string) string { return method + " " + path }

func (c *requestCounts) add(method, path string) {
	c.mu.Lock()
	c.m[countKey(method, path)]++
	c.mu.Unlock()
}

// RequestCount returns how many requests with this method reached this path (escaped form,
// without query) since the server started or the counts were last reset. Every request
// counts, including refused, faulted and unauthenticated ones.
func (s *Server) RequestCount(method, path string) int {
	s.counts.mu.Lock()
	defer s.counts.mu.Unlock()
	return s.counts.m[countKey(method, path)]
}

// RequestCounts returns a copy of all counts, keyed by method, a space and the path,
// for example "POST /v1/PluginService/Plugins/FP.../Versions".
func (s *Server) RequestCounts() map[string]int {
	s.counts.mu.Lock()
	defer s.counts.mu.Unlock()
	return maps.Clone(s.counts.m)
}

// ResetRequestCounts sets every count back to zero.
func (s *Server) ResetRequestCounts() {
	s.counts.mu.Lock()
	defer s.counts.mu.Unlock()
	clear(s.counts.m)
}
