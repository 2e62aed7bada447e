package main

import (
	"net/http"
	"strings"
)

// requests breaks down the API requests the emulator received during one command.
type requests struct {
	// Creates are POSTs to a plugin's Versions collection.
	Creates int
	// Archives are POSTs to a plugin version's Archive action.
	Archives int
	// Lists are GETs of a plugin's Versions collection, one per page.
	Lists int
	// Fetches are GETs of a single plugin version.
	Fetches int
	// Other is every request not counted above.
	Other int
}

// classifyRequests sorts the emulator's counts, keyed "METHOD /path", into kinds.
func classifyRequests(counts map[string]int) requests {
	var r requests
	for key, n := range counts {
		method, path, _ := strings.Cut(key, " ")
		collection := strings.HasSuffix(path, "/Versions")
		inVersion := strings.Contains(path, "/Versions/")
		switch {
		case method == http.MethodPost && collection:
			r.Creates += n
		case method == http.MethodPost && inVersion && strings.HasSuffix(path, "/Archive"):
			r.Archives += n
		case method == http.MethodGet && collection:
			r.Lists += n
		case method == http.MethodGet && inVersion:
			r.Fetches += n
		default:
			r.Other += n
		}
	}
	return r
}

// Gets counts every GET of plugin versions, list pages and single fetches.
func (r requests) Gets() int { return r.Lists + r.Fetches }

// Total counts every request.
func (r requests) Total() int { return r.Creates + r.Archives + r.Lists + r.Fetches + r.Other }
