// Package emulator is an in-memory fake of Twilio's Flex Plugin Service API (plugins and
// plugin versions) with the wire format of the public OpenAPI description, plus request
// counting and fault injection for tests of clients that must survive a flaky network.
package emulator

import (
	"bytes"
	"cmp"
	"crypto/rand"
	"crypto/subtle"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
)

// Default credentials accepted by a server built from zero Options.
const (
	DefaultAccountSid = "AC00000000000000000000000000000001"
	DefaultAuthToken  = "emulator-auth-token"
	DefaultAPIKey     = "SK00000000000000000000000000000001"
	DefaultAPISecret  = "emulator-api-secret"
)

// Options configures the account the emulator pretends to be and the credentials it accepts.
// A zero field takes its default from DefaultOptions.
type Options struct {
	AccountSid string
	AuthToken  string
	APIKey     string
	APISecret  string
}

// DefaultOptions returns the default account SID, auth token, API key and API secret.
func DefaultOptions() Options {
	return Options{
		AccountSid: DefaultAccountSid,
		AuthToken:  DefaultAuthToken,
		APIKey:     DefaultAPIKey,
		APISecret:  DefaultAPISecret,
	}
}

func (o Options) withDefaults() Options {
	d := DefaultOptions()
	return Options{
		AccountSid: cmp.Or(o.AccountSid, d.AccountSid),
		AuthToken:  cmp.Or(o.AuthToken, d.AuthToken),
		APIKey:     cmp.Or(o.APIKey, d.APIKey),
		APISecret:  cmp.Or(o.APISecret, d.APISecret),
	}
}

// Server is the emulator. It is an http.Handler and is safe for concurrent use.
type Server struct {
	opts     Options
	tokenKey []byte

	mu            sync.RWMutex
	seq           int64
	plugins       []*pluginRecord // ordered by seq, oldest first
	pluginsBySid  map[string]*pluginRecord
	pluginsByName map[string]*pluginRecord

	counts   requestCounts
	faults   faultTable
	limit    atomic.Int64
	inFlight atomic.Int64
}

// New returns an empty emulator that accepts the credentials in opts.
func New(opts Options) *Server {
	key := make([]byte, 32)
	_, _ = rand.Read(key)
	return &Server{
		opts:          opts.withDefaults(),
		tokenKey:      key,
		pluginsBySid:  map[string]*pluginRecord{},
		pluginsByName: map[string]*pluginRecord{},
		counts:        requestCounts{m: map[string]int{}},
	}
}

// Options returns the account SID and credentials the server accepts.
func (s *Server) Options() Options { return s.opts }

// ServeHTTP counts the request, applies the concurrency limit and any matching fault, then
// authenticates and answers it.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	escaped := r.URL.EscapedPath()
	s.counts.add(r.Method, escaped)

	if !s.admit() {
		resp := errorResponse(http.StatusTooManyRequests, CodeTooManyRequests,
			"Too many concurrent requests; retry after the time in Retry-After")
		resp.header.Set("Retry-After", "1")
		resp.write(w)
		return
	}
	defer s.inFlight.Add(-1)

	if err := bufferBody(r); err != nil {
		err.response().write(w)
		return
	}
	if f, ok := s.faults.match(r.Method, escaped); ok {
		s.serveWithFault(w, r, f)
		return
	}
	s.handle(r).write(w)
}

// SetConcurrencyLimit makes the server refuse, with 429 and Retry-After: 1, any request that
// arrives while n others are in flight. Zero removes the limit.
func (s *Server) SetConcurrencyLimit(n int) {
	s.limit.Store(int64(max(n, 0)))
}

// InFlight reports how many admitted requests are being handled right now.
func (s *Server) InFlight() int { return int(s.inFlight.Load()) }

func (s *Server) admit() bool {
	for {
		n, limit := s.inFlight.Load(), s.limit.Load()
		if limit > 0 && n >= limit {
			return false
		}
		if s.inFlight.CompareAndSwap(n, n+1) {
			return true
		}
	}
}

// handle authenticates and routes a request, building the full answer without writing it.
func (s *Server) handle(r *http.Request) response {
	if err := s.authenticate(r); err != nil {
		resp := err.response()
		resp.header.Set("WWW-Authenticate", `Basic realm="Twilio API"`)
		return resp
	}
	return s.route(r)
}

func (s *Server) authenticate(r *http.Request) *apiError {
	user, pass, ok := r.BasicAuth()
	if !ok {
		return &apiError{status: http.StatusUnauthorized, code: CodeAuthenticate,
			message: "Authenticate: the request has no HTTP basic credentials"}
	}
	if equal(user, s.opts.AccountSid) && equal(pass, s.opts.AuthToken) ||
		equal(user, s.opts.APIKey) && equal(pass, s.opts.APISecret) {
		return nil
	}
	return &apiError{status: http.StatusUnauthorized, code: CodeAuthenticate,
		message: "Authenticate: the account SID and auth token, or API key and secret, " +
			"were not accepted"}
}

func equal(a, b string) bool {
	return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}

// baseURL is the scheme and host the request reached, so that returned URLs point back to
// the same place even behind a proxy that sets X-Forwarded-Proto.
func baseURL(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	if proto, _, _ := strings.Cut(r.Header.Get("X-Forwarded-Proto"), ","); proto != "" {
		switch p := strings.ToLower(strings.TrimSpace(proto)); p {
		case "http", "https":
			scheme = p
		}
	}
	return scheme + "://" + r.Host
}

// maxBodyBytes bounds a request body; Twilio's form bodies are a few kilobytes at most.
const maxBodyBytes = 1 << 20

// bufferBody reads the body before any fault delay. The HTTP server only notices a client
// that went away once the body has been consumed, and a delay must end when that happens.
func bufferBody(r *http.Request) *apiError {
	if r.Body == nil || r.Body == http.NoBody {
		return nil
	}
	data, err := io.ReadAll(io.LimitReader(r.Body, maxBodyBytes+1))
	_ = r.Body.Close()
	r.Body = io.NopCloser(bytes.NewReader(data))
	switch {
	case err != nil:
		return invalidParameter("The request body could not be read: %v", err)
	case len(data) > maxBodyBytes:
		return invalidParameter("The request body is larger than %d bytes", maxBodyBytes)
	}
	return nil
}
