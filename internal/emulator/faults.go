package emulator

import (
	"cmp"
	"context"
	"fmt"
	"net/http"
	"path"
	"strings"
	"sync"
	"time"
)

// DropMode says whether and when a fault closes the connection without an answer.
type DropMode int

const (
	// DropNone answers normally.
	DropNone DropMode = iota
	// DropBeforeAct closes the connection without performing the operation.
	DropBeforeAct
	// DropAfterAct performs the operation, then closes the connection without answering.
	DropAfterAct
)

// BodyMode says how a fault alters the response body.
type BodyMode int

const (
	// BodyNormal sends the body unchanged.
	BodyNormal BodyMode = iota
	// BodyTruncated sends only the first half of the JSON body.
	BodyTruncated
	// BodyHTML sends an HTML error page, as a proxy in front of the API would, without
	// performing the operation.
	BodyHTML
)

var (
	dropNames = []string{"none", "before_act", "after_act"}
	bodyNames = []string{"normal", "truncated", "html"}
)

// String returns the mode's script name.
func (d DropMode) String() string { return enumName(dropNames, int(d)) }

// String returns the mode's script name.
func (b BodyMode) String() string { return enumName(bodyNames, int(b)) }

// MarshalText writes the mode's script name: none, before_act or after_act.
func (d DropMode) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// MarshalText writes the mode's script name: normal, truncated or html.
func (b BodyMode) MarshalText() ([]byte, error) { return []byte(b.String()), nil }

// UnmarshalText reads a script name: none (or empty), before_act or after_act.
func (d *DropMode) UnmarshalText(text []byte) error {
	n, err := enumValue("drop", dropNames, string(text))
	*d = DropMode(n)
	return err
}

// UnmarshalText reads a script name: normal (or empty), truncated or html.
func (b *BodyMode) UnmarshalText(text []byte) error {
	n, err := enumValue("body", bodyNames, string(text))
	*b = BodyMode(n)
	return err
}

func enumName(names []string, n int) string {
	if n >= 0 && n < len(names) {
		return names[n]
	}
	return fmt.Sprintf("unknown(%d)", n)
}

func enumValue(kind string, names []string, s string) (int, error) {
	if s == "" {
		return 0, nil
	}
	for i, name := range names {
		if s == name {
			return i, nil
		}
	}
	return 0, fmt.Errorf("unknown %s mode %q; want one of %s", kind, s, strings.Join(names, ", "))
}

// Fault describes a failure the server injects into matching requests.
//
// Processing order: Delay, then Drop (which wins over Status and Body), then BodyHTML
// (default status 502, nothing performed), then Status (a Twilio error body with Code and
// Message, nothing performed), else the real operation. BodyTruncated halves whichever JSON
// body is sent; RetryAfter is added to whatever answer is sent.
type Fault struct {
	Method     string        // "" matches any method
	Path       string        // exact escaped path or a path.Match pattern; "" matches any
	Status     int           // answer with this status and a Twilio error body
	Code       int           // Twilio error code; 0 means 20000+Status
	Message    string        // error message; "" means the status text
	RetryAfter string        // value of the Retry-After header, if set
	Delay      time.Duration // wait before handling; ends early if the client goes away
	Drop       DropMode      // close the connection instead of answering
	Body       BodyMode      // alter the body: truncate it or replace it with HTML
	Times      int           // how many matching requests it affects; 0 means every one
}

type faultEntry struct {
	fault Fault
	used  int
}

type faultTable struct {
	mu      sync.Mutex
	entries []*faultEntry
}

// InjectFault adds a fault after those already injected. Faults are tried in order and the
// first one that matches, and has uses left, applies to a request.
func (s *Server) InjectFault(f Fault) {
	f.Method = strings.ToUpper(f.Method)
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	s.faults.entries = append(s.faults.entries, &faultEntry{fault: f})
}

// ClearFaults removes every injected fault.
func (s *Server) ClearFaults() {
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	s.faults.entries = nil
}

func (t *faultTable) match(method, escapedPath string) (Fault, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, e := range t.entries {
		f := e.fault
		if f.Times > 0 && e.used >= f.Times {
			continue
		}
		if f.Method != "" && f.Method != method || !pathMatches(f.Path, escapedPath) {
			continue
		}
		e.used++
		return f, true
	}
	return Fault{}, false
}

func pathMatches(pattern, escapedPath string) bool {
	if pattern == "" || pattern == escapedPath {
		return true
	}
	ok, err := path.Match(pattern, escapedPath)
	return err == nil && ok
}

func (s *Server) serveWithFault(w http.ResponseWriter, r *http.Request, f Fault) {
	if f.Delay > 0 && !sleep(r.Context(), f.Delay) {
		return // the client is gone; nothing is performed
	}
	switch f.Drop {
	case DropBeforeAct:
		dropConnection(w)
		return
	case DropAfterAct:
		s.handle(r)
		dropConnection(w)
		return
	}
	resp := faultResponse(f, func() response { return s.handle(r) })
	if f.RetryAfter != "" {
		resp.header.Set("Retry-After", f.RetryAfter)
	}
	resp.write(w)
}

// faultResponse builds the answer of a fault that does not drop the connection; act runs
// the real operation only when the fault lets it happen.
func faultResponse(f Fault, act func() response) response {
	if f.Body == BodyHTML {
		return htmlResponse(cmp.Or(f.Status, http.StatusBadGateway))
	}
	var resp response
	if f.Status != 0 {
		msg := cmp.Or(f.Message, http.StatusText(f.Status), "Injected fault")
		resp = errorResponse(f.Status, cmp.Or(f.Code, 20000+f.Status), msg)
	} else {
		resp = act()
	}
	if f.Body == BodyTruncated {
		resp = resp.truncated()
	}
	return resp
}

func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// dropConnection closes the client connection without writing a response. When the
// connection cannot be hijacked (HTTP/2), aborting the handler resets the stream instead.
func dropConnection(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	_ = conn.Close()
}
