package flexapi

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflogtest"
)

// deadlockGuard bounds waits that must end promptly, so that a broken cancellation fails
// the test instead of hanging it.
const deadlockGuard = 30 * time.Second

// failThenSucceed answers the first n requests with status and headers, then with a plugin
// version.
func failThenSucceed(n int32, status int, header http.Header) http.HandlerFunc {
	var calls atomic.Int32
	return func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) <= n {
			for k, v := range header {
				w.Header()[k] = v
			}
			writeJSON(w, status, map[string]any{"code": 20000 + status, "message": "try later"})
			return
		}
		writeJSON(w, http.StatusOK, pluginVersionJSON(testVersionSid, "1.0.0"))
	}
}

var (
	fetchCall = func(ctx context.Context, c *Client) error {
		_, err := c.FetchPluginVersion(ctx, testPluginSid, testVersionSid)
		return err
	}
	listCall = func(ctx context.Context, c *Client) error {
		_, err := c.ListPluginVersions(ctx, testPluginSid)
		return err
	}
	archiveCall = func(ctx context.Context, c *Client) error {
		_, err := c.ArchivePluginVersion(ctx, testPluginSid, testVersionSid)
		return err
	}
	createCall = func(ctx context.Context, c *Client) error {
		_, err := c.CreatePluginVersion(ctx, testPluginSid,
			CreatePluginVersionInput{Version: "1.0.0", PluginURL: "https://x.test/p.js"})
		return err
	}
)

func TestRetryOn429HonoursCappedRetryAfter(t *testing.T) {
	future := time.Now().Add(time.Hour).UTC().Format(http.TimeFormat)
	for _, retryAfter := range []string{"3600", future} {
		t.Run(retryAfter, func(t *testing.T) {
			srv := newAPIServer(t, failThenSucceed(2, http.StatusTooManyRequests,
				http.Header{"Retry-After": {retryAfter}}))
			c, _ := newTestClient(t, srv.Server)
			done := make(chan error, 1)
			go func() { done <- fetchCall(t.Context(), c) }()
			select {
			case err := <-done:
				if err != nil {
					t.Fatalf("fetch: %v", err)
				}
			case <-time.After(deadlockGuard):
				t.Fatal("Retry-After was not capped at RetryWaitMax")
			}
			if n := srv.count(); n != 3 {
				t.Errorf("server saw %d requests, want 3", n)
			}
		})
	}
}

func TestIdempotentRequestsRetryOnServerErrors(t *testing.T) {
	calls := map[string]func(context.Context, *Client) error{
		"fetch": fetchCall, "archive": archiveCall,
	}
	for _, status := range []int{500, 502, 503, 504, 429} {
		for name, call := range calls {
			t.Run(name+" "+strconv.Itoa(status), func(t *testing.T) {
				srv := newAPIServer(t, failThenSucceed(1, status, nil))
				c, _ := newTestClient(t, srv.Server)
				if err := call(t.Context(), c); err != nil {
					t.Fatalf("call: %v", err)
				}
				if n := srv.count(); n != 2 {
					t.Errorf("server saw %d requests, want 2", n)
				}
			})
		}
	}
}

func TestListRetriesAPage(t *testing.T) {
	var calls atomic.Int32
	srv := newAPIServer(t, func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) == 1 {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		writeJSON(w, http.StatusOK, versionsPage(0, 2, nil))
	})
	c, _ := newTestClient(t, srv.Server)
	if err := listCall(t.Context(), c); err != nil {
		t.Fatalf("list: %v", err)
	}
	if n := srv.count(); n != 2 {
		t.Errorf("server saw %d requests, want 2", n)
	}
}

func TestNoRetryOnClientErrors(t *testing.T) {
	for _, status := range []int{400, 401, 403, 404, 409, 501} {
		t.Run(strconv.Itoa(status), func(t *testing.T) {
			srv := newAPIServer(t, failThenSucceed(10, status, nil))
			c, _ := newTestClient(t, srv.Server)
			if err := fetchCall(t.Context(), c); err == nil {
				t.Fatal("no error")
			}
			if n := srv.count(); n != 1 {
				t.Errorf("server saw %d requests, want 1", n)
			}
		})
	}
}

func TestRetriesAreBoundedByMaxRetries(t *testing.T) {
	for _, maxRetries := range []int{0, 1, 4} {
		t.Run(strconv.Itoa(maxRetries), func(t *testing.T) {
			srv := newAPIServer(t, failThenSucceed(100, http.StatusServiceUnavailable, nil))
			c, _ := newTestClient(t, srv.Server, func(c *Config) { c.MaxRetries = maxRetries })
			err := fetchCall(t.Context(), c)
			var apiErr *Error
			if !errors.As(err, &apiErr) || apiErr.Status != http.StatusServiceUnavailable {
				t.Fatalf("err = %v, want the last *Error with status 503", err)
			}
			if n := srv.count(); n != maxRetries+1 {
				t.Errorf("server saw %d requests, want %d", n, maxRetries+1)
			}
		})
	}
}

func TestCreateIsNotRetriedOnServerErrors(t *testing.T) {
	for _, status := range []int{500, 502, 503, 504} {
		t.Run(strconv.Itoa(status), func(t *testing.T) {
			srv := newAPIServer(t, failThenSucceed(1, status, nil))
			c, _ := newTestClient(t, srv.Server)
			err := createCall(t.Context(), c)
			if !errors.Is(err, ErrOutcomeUnknown) {
				t.Fatalf("err = %v, want ErrOutcomeUnknown", err)
			}
			var apiErr *Error
			if !errors.As(err, &apiErr) || apiErr.Status != status {
				t.Errorf("err = %v, want it to carry the *Error with status %d", err, status)
			}
			if !strings.Contains(err.Error(), "HTTP "+strconv.Itoa(status)) {
				t.Errorf("error %q does not name the status", err)
			}
			if n := srv.count(); n != 1 {
				t.Errorf("server saw %d requests, want exactly 1", n)
			}
		})
	}
}

func TestCreateIsRetriedOn429(t *testing.T) {
	srv := newAPIServer(t, failThenSucceed(2, http.StatusTooManyRequests,
		http.Header{"Retry-After": {"1"}}))
	c, _ := newTestClient(t, srv.Server)
	if err := createCall(t.Context(), c); err != nil {
		t.Fatalf("create: %v", err)
	}
	if n := srv.count(); n != 3 {
		t.Errorf("server saw %d requests, want 3", n)
	}
}

func TestCreate429ExhaustedHasAKnownOutcome(t *testing.T) {
	srv := newAPIServer(t, failThenSucceed(100, http.StatusTooManyRequests, nil))
	c, _ := newTestClient(t, srv.Server, func(c *Config) { c.MaxRetries = 2 })
	err := createCall(t.Context(), c)
	var apiErr *Error
	if !errors.As(err, &apiErr) || apiErr.Status != http.StatusTooManyRequests {
		t.Fatalf("err = %v, want *Error 429", err)
	}
	if errors.Is(err, ErrOutcomeUnknown) {
		t.Errorf("a create rejected with 429 matches ErrOutcomeUnknown: %v", err)
	}
	if n := srv.count(); n != 3 {
		t.Errorf("server saw %d requests, want 3", n)
	}
}

func TestCreateIsRetriedWhenTheConnectionIsRefused(t *testing.T) {
	srv := newAPIServer(t, failThenSucceed(0, 0, nil))
	c, guard := newTestClient(t, srv.Server)
	guard.refuse = 2
	if err := createCall(t.Context(), c); err != nil {
		t.Fatalf("create: %v", err)
	}
	if n := srv.count(); n != 1 {
		t.Errorf("server saw %d requests, want 1", n)
	}
	if n := len(guard.addresses()); n != 3 {
		t.Errorf("client dialed %d times, want 3", n)
	}
}

func TestCreateAgainstAClosedPort(t *testing.T) {
	srv := newAPIServer(t, func(http.ResponseWriter, *http.Request) {})
	srv.Close()
	c, guard := newTestClient(t, srv.Server, func(c *Config) { c.MaxRetries = 2 })
	err := createCall(t.Context(), c)
	if !errors.Is(err, syscall.ECONNREFUSED) {
		t.Fatalf("err = %v, want connection refused", err)
	}
	if errors.Is(err, ErrOutcomeUnknown) {
		t.Errorf("a create that never connected matches ErrOutcomeUnknown: %v", err)
	}
	if n := len(guard.addresses()); n != 3 {
		t.Errorf("client dialed %d times, want 3 (1 attempt + 2 retries)", n)
	}
}

// dropFirst closes the connection without a response on the first request.
func dropFirst(t *testing.T) http.HandlerFunc {
	var calls atomic.Int32
	return func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) == 1 {
			conn, _, err := http.NewResponseController(w).Hijack()
			if err != nil {
				t.Errorf("hijack: %v", err)
				return
			}
			_ = conn.Close()
			return
		}
		writeJSON(w, http.StatusOK, pluginVersionJSON(testVersionSid, "1.0.0"))
	}
}

func TestConnectionDroppedAfterSend(t *testing.T) {
	t.Run("create has an unknown outcome", func(t *testing.T) {
		srv := newAPIServer(t, dropFirst(t))
		c, _ := newTestClient(t, srv.Server)
		err := createCall(t.Context(), c)
		if !errors.Is(err, ErrOutcomeUnknown) {
			t.Fatalf("err = %v, want ErrOutcomeUnknown", err)
		}
		var urlErr *url.Error
		if !errors.As(err, &urlErr) || !strings.Contains(err.Error(), "connection") {
			t.Errorf("err = %v does not carry the transport error", err)
		}
		if n := srv.count(); n != 1 {
			t.Errorf("server saw %d requests, want exactly 1", n)
		}
	})
	t.Run("fetch is retried", func(t *testing.T) {
		srv := newAPIServer(t, dropFirst(t))
		c, _ := newTestClient(t, srv.Server)
		if err := fetchCall(t.Context(), c); err != nil {
			t.Fatalf("fetch: %v", err)
		}
		if n := srv.count(); n != 2 {
			t.Errorf("server saw %d requests, want 2", n)
		}
	})
}

// hangFirst never answers the first request; the client's attempt timeout must end it.
func hangFirst() http.HandlerFunc {
	var calls atomic.Int32
	return func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) == 1 {
			<-r.Context().Done()
			return
		}
		writeJSON(w, http.StatusOK, pluginVersionJSON(testVersionSid, "1.0.0"))
	}
}

func TestRequestTimeout(t *testing.T) {
	// Long enough that the prompt second answer never times out on a busy machine.
	withTimeout := func(c *Config) { c.RequestTimeout = 250 * time.Millisecond }
	t.Run("create has an unknown outcome", func(t *testing.T) {
		srv := newAPIServer(t, hangFirst())
		c, _ := newTestClient(t, srv.Server, withTimeout)
		err := createCall(t.Context(), c)
		if !errors.Is(err, ErrOutcomeUnknown) || !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("err = %v, want ErrOutcomeUnknown from a deadline", err)
		}
		if !strings.Contains(err.Error(), "request timeout") {
			t.Errorf("error %q does not mention the request timeout", err)
		}
		if n := srv.count(); n != 1 {
			t.Errorf("server saw %d requests, want exactly 1", n)
		}
	})
	t.Run("fetch is retried", func(t *testing.T) {
		srv := newAPIServer(t, hangFirst())
		c, _ := newTestClient(t, srv.Server, withTimeout)
		if err := fetchCall(t.Context(), c); err != nil {
			t.Fatalf("fetch: %v", err)
		}
		if n := srv.count(); n != 2 {
			t.Errorf("server saw %d requests, want 2", n)
		}
	})
}

// cancelOnRetry cancels a context as soon as the client logs that it will retry, that is
// just before it starts to wait.
type cancelOnRetry struct {
	cancel context.CancelFunc
	mu     sync.Mutex
	log    bytes.Buffer
}

func (w *cancelOnRetry) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if bytes.Contains(p, []byte("Retrying Flex API request")) {
		w.cancel()
	}
	return w.log.Write(p)
}

func TestContextCancellationDuringBackoff(t *testing.T) {
	tests := []struct {
		name   string
		status int
		call   func(context.Context, *Client) error
	}{
		{"fetch after 503", http.StatusServiceUnavailable, fetchCall},
		{"list after 500", http.StatusInternalServerError, listCall},
		{"create after 429", http.StatusTooManyRequests, createCall},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newAPIServer(t, failThenSucceed(100, tt.status, nil))
			c, _ := newTestClient(t, srv.Server, func(c *Config) {
				c.RetryWaitMin, c.RetryWaitMax = time.Hour, time.Hour
			})
			ctx, cancel := context.WithCancel(t.Context())
			defer cancel()
			ctx = tflogtest.RootLogger(ctx, &cancelOnRetry{cancel: cancel})

			done := make(chan error, 1)
			go func() { done <- tt.call(ctx, c) }()
			select {
			case err := <-done:
				if !errors.Is(err, context.Canceled) {
					t.Fatalf("err = %v, want context.Canceled", err)
				}
				if errors.Is(err, ErrOutcomeUnknown) {
					t.Errorf("cancelled while waiting, yet ErrOutcomeUnknown: %v", err)
				}
			case <-time.After(deadlockGuard):
				t.Fatal("cancellation did not stop the backoff wait")
			}
			if n := srv.count(); n != 1 {
				t.Errorf("server saw %d requests, want 1", n)
			}
		})
	}
}

func TestContextCancellationDuringCreateInFlight(t *testing.T) {
	arrived := make(chan struct{})
	srv := newAPIServer(t, func(w http.ResponseWriter, r *http.Request) {
		close(arrived)
		<-r.Context().Done()
	})
	c, _ := newTestClient(t, srv.Server)
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- createCall(ctx, c) }()
	<-arrived
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, ErrOutcomeUnknown) || !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v, want ErrOutcomeUnknown and context.Canceled", err)
		}
	case <-time.After(deadlockGuard):
		t.Fatal("cancellation did not stop the request")
	}
	if n := srv.count(); n != 1 {
		t.Errorf("server saw %d requests, want 1", n)
	}
}

func TestBackoff(t *testing.T) {
	now := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	lo, hi := time.Second, 30*time.Second
	tests := []struct {
		name       string
		retryAfter string
		wantMin    time.Duration
		wantMax    time.Duration
	}{
		{"seconds", "5", 5 * time.Second, 5 * time.Second},
		{"zero seconds still backs off", "0", lo, 2 * lo},
		{"one second gets jitter above it", "1", lo, 2 * lo},
		{"seconds over the cap", "120", hi, hi},
		{"seconds beyond a duration", "99999999999", hi, hi},
		{"HTTP date", now.Add(10 * time.Second).Format(http.TimeFormat), 10 * time.Second,
			10 * time.Second},
		{"HTTP date over the cap", now.Add(time.Hour).Format(http.TimeFormat), hi, hi},
		{"HTTP date in the past", now.Add(-time.Hour).Format(http.TimeFormat), lo, 2 * lo},
		{"negative falls back to backoff", "-3", lo, 2 * lo},
		{"garbage falls back to backoff", "soon", lo, 2 * lo},
		{"absent", "", lo, 2 * lo},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := &http.Response{StatusCode: 429, Header: http.Header{}}
			if tt.retryAfter != "" {
				resp.Header.Set("Retry-After", tt.retryAfter)
			}
			got := backoff(lo, hi, 0, resp, now)
			if got < tt.wantMin || got > tt.wantMax {
				t.Errorf("backoff = %s, want within [%s, %s]", got, tt.wantMin, tt.wantMax)
			}
		})
	}
}

func TestBackoffSpreadsRequestsRefusedTogether(t *testing.T) {
	resp := &http.Response{StatusCode: 429, Header: http.Header{"Retry-After": {"1"}}}
	distinct := map[time.Duration]bool{}
	for range 100 {
		distinct[backoff(time.Second, 30*time.Second, 0, resp, time.Now())] = true
	}
	if len(distinct) < 10 {
		t.Errorf("100 waits after Retry-After: 1 took %d distinct values; want them spread",
			len(distinct))
	}
}

func TestJitteredBackoffStaysWithinBounds(t *testing.T) {
	lo, hi := time.Second, 30*time.Second
	for n := range 8 {
		ceiling := min(lo<<(n+1), hi)
		floor := max(lo, ceiling/2)
		distinct := map[time.Duration]bool{}
		for range 500 {
			got := jitteredBackoff(lo, hi, n)
			if got < floor || got > ceiling {
				t.Fatalf("retry %d: wait %s outside [%s, %s]", n, got, floor, ceiling)
			}
			distinct[got] = true
		}
		if len(distinct) < 2 {
			t.Errorf("retry %d: 500 waits were all %v; want jitter", n, distinct)
		}
	}
	if got := jitteredBackoff(time.Millisecond, time.Millisecond, 5); got != time.Millisecond {
		t.Errorf("equal bounds: wait %s, want 1ms", got)
	}
}

func TestShouldRetry(t *testing.T) {
	transport := &url.Error{Op: "Post", URL: "http://127.0.0.1/x", Err: errors.New("EOF")}
	notSent := &url.Error{Op: "Post", URL: "http://127.0.0.1/x",
		Err: &notSentError{err: syscall.ECONNREFUSED}}
	refused := &url.Error{Op: "Get", URL: "http://x.test", Err: errRedirectRefused}
	tests := []struct {
		name        string
		status      int // 0 when the attempt failed with err
		err         error
		read, write bool // want for a read and for a create
	}{
		{"429", 429, nil, true, true},
		{"500", 500, nil, true, false},
		{"502", 502, nil, true, false},
		{"503", 503, nil, true, false},
		{"504", 504, nil, true, false},
		{"501", 501, nil, false, false},
		{"400", 400, nil, false, false},
		{"200", 200, nil, false, false},
		{"error after send", 0, transport, true, false},
		{"error before send", 0, notSent, true, true},
		{"refused redirect", 0, refused, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var resp *http.Response
			if tt.status != 0 {
				resp = &http.Response{StatusCode: tt.status, Body: http.NoBody}
			}
			if got := shouldRetry(false, resp, tt.err); got != tt.read {
				t.Errorf("read: shouldRetry = %v, want %v", got, tt.read)
			}
			if got := shouldRetry(true, resp, tt.err); got != tt.write {
				t.Errorf("create: shouldRetry = %v, want %v", got, tt.write)
			}
		})
	}
}
