package emulator_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/flexplugins/terraform-provider-twilio/internal/emulator"
)

const versionsPattern = "/v1/PluginService/Plugins/*/Versions"

// waitFor polls cond until it holds; the deadline only guards against a hang.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting until %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestFaultStatusWithRetryAfter(t *testing.T) {
	api := newTestAPI(t)
	p := api.srv.AddPlugin("status")
	api.srv.InjectFault(emulator.Fault{Method: "post", Path: versionsPattern,
		Status: http.StatusServiceUnavailable, RetryAfter: "7", Times: 1})

	r := api.call(http.MethodPost, versionsPath(p.Sid), versionForm("1.0.0"))
	checkError(t, r, http.StatusServiceUnavailable, 20503)
	if got := r.header.Get("Retry-After"); got != "7" {
		t.Errorf("Retry-After %q, want 7", got)
	}
	if n := len(api.srv.PluginVersions(p.Sid)); n != 0 {
		t.Errorf("%d versions after a status fault, want 0 (nothing performed)", n)
	}
	api.expect(http.MethodPost, versionsPath(p.Sid), versionForm("1.0.0"), http.StatusCreated)
}

func TestFaultCustomCodeAndMessage(t *testing.T) {
	api := newTestAPI(t)
	api.srv.InjectFault(emulator.Fault{Status: http.StatusTooManyRequests, Code: 20429,
		Message: "Slow down"})
	msg := api.expectError(http.MethodGet, pluginsPath, nil, http.StatusTooManyRequests, 20429)
	if msg != "Slow down" {
		t.Errorf("message %q, want the injected one", msg)
	}
}

func TestFaultDelay(t *testing.T) {
	api := newTestAPI(t)
	const delay = 150 * time.Millisecond
	api.srv.InjectFault(emulator.Fault{Method: http.MethodGet, Delay: delay, Times: 1})
	start := time.Now()
	api.expect(http.MethodGet, pluginsPath, nil, http.StatusOK)
	if elapsed := time.Since(start); elapsed < delay {
		t.Errorf("answered after %v, before the %v delay", elapsed, delay)
	}
}

func TestFaultDelayEndsWhenClientGoesAway(t *testing.T) {
	api := newTestAPI(t)
	p := api.srv.AddPlugin("impatient")
	api.srv.InjectFault(emulator.Fault{Method: http.MethodPost, Delay: time.Hour})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := api.try(ctx, http.MethodPost, versionsPath(p.Sid), versionForm("1.0.0"))
		done <- err
	}()
	waitFor(t, "the request is in flight", func() bool { return api.srv.InFlight() == 1 })
	cancel()
	if err := <-done; err == nil {
		t.Fatal("a cancelled request got an answer")
	}
	waitFor(t, "the handler returns", func() bool { return api.srv.InFlight() == 0 })
	if n := len(api.srv.PluginVersions(p.Sid)); n != 0 {
		t.Errorf("%d versions created by an abandoned request, want 0", n)
	}
}

func TestFaultDropBeforeAct(t *testing.T) {
	api := newTestAPI(t)
	p := api.srv.AddPlugin("drop-before")
	api.srv.InjectFault(emulator.Fault{Method: http.MethodPost, Path: versionsPattern,
		Drop: emulator.DropBeforeAct, Times: 1})
	if r, err := api.try(t.Context(), http.MethodPost, versionsPath(p.Sid),
		versionForm("1.0.0")); err == nil {
		t.Fatalf("dropped request got an answer: %d %s", r.status, r.body)
	}
	if n := len(api.srv.PluginVersions(p.Sid)); n != 0 {
		t.Errorf("%d versions after a drop before acting, want 0", n)
	}
}

func TestFaultDropAfterAct(t *testing.T) {
	api := newTestAPI(t)
	p := api.srv.AddPlugin("drop-after")
	api.srv.InjectFault(emulator.Fault{Method: http.MethodPost, Path: versionsPattern,
		Drop: emulator.DropAfterAct, Status: http.StatusInternalServerError, Times: 1})
	if r, err := api.try(t.Context(), http.MethodPost, versionsPath(p.Sid),
		versionForm("1.0.0")); err == nil {
		t.Fatalf("dropped request got an answer: %d %s", r.status, r.body)
	}
	vs := api.srv.PluginVersions(p.Sid)
	if len(vs) != 1 || vs[0].Version != "1.0.0" {
		t.Errorf("versions after a drop after acting = %+v, want 1.0.0 created", vs)
	}
}

func TestFaultTruncatedBody(t *testing.T) {
	api := newTestAPI(t)
	p := api.srv.AddPlugin("truncated")
	api.srv.InjectFault(emulator.Fault{Method: http.MethodPost, Body: emulator.BodyTruncated,
		Times: 1})
	r := api.call(http.MethodPost, versionsPath(p.Sid), versionForm("1.0.0"))
	if r.status != http.StatusCreated {
		t.Errorf("status %d, want the real 201", r.status)
	}
	if json.Valid(r.body) || !strings.HasPrefix(string(r.body), `{"sid":"FV`) {
		t.Errorf("body %q is not the first half of a plugin version", r.body)
	}
	full := api.expect(http.MethodGet, versionsPath(p.Sid)+"/"+
		api.srv.PluginVersions(p.Sid)[0].Sid, nil, http.StatusOK)
	fullJSON, _ := json.Marshal(full)
	if len(r.body) > len(fullJSON)/2+1 {
		t.Errorf("truncated body has %d bytes; the whole object has about %d", len(r.body),
			len(fullJSON))
	}
}

func TestFaultHTMLBody(t *testing.T) {
	api := newTestAPI(t)
	p := api.srv.AddPlugin("html")
	api.srv.InjectFault(emulator.Fault{Method: http.MethodPost, Body: emulator.BodyHTML,
		Status: http.StatusGatewayTimeout, Times: 1})
	api.srv.InjectFault(emulator.Fault{Method: http.MethodGet, Body: emulator.BodyHTML, Times: 1})

	r := api.call(http.MethodPost, versionsPath(p.Sid), versionForm("1.0.0"))
	if r.status != http.StatusGatewayTimeout || !strings.HasPrefix(r.header.Get("Content-Type"),
		"text/html") || !strings.Contains(string(r.body), "504 Gateway Timeout</h1>") ||
		!strings.HasSuffix(strings.TrimSpace(string(r.body)), "</html>") {
		t.Errorf("answer %d %q %q, want a 504 HTML page", r.status,
			r.header.Get("Content-Type"), r.body)
	}
	if n := len(api.srv.PluginVersions(p.Sid)); n != 0 {
		t.Errorf("%d versions behind an HTML error page, want 0", n)
	}
	if r := api.call(http.MethodGet, pluginsPath, nil); r.status != http.StatusBadGateway {
		t.Errorf("HTML fault without a status answered %d, want 502", r.status)
	}
}

func TestFaultTimesAndOrder(t *testing.T) {
	api := newTestAPI(t)
	api.srv.InjectFault(emulator.Fault{Method: http.MethodGet, Path: pluginsPath,
		Status: http.StatusInternalServerError, Times: 2})
	api.srv.InjectFault(emulator.Fault{Method: http.MethodGet, Path: pluginsPath,
		Status: http.StatusBadGateway, Times: 1})

	want := []int{500, 500, 502, 200, 200}
	for i, status := range want {
		if r := api.call(http.MethodGet, pluginsPath, nil); r.status != status {
			t.Errorf("request %d: status %d, want %d", i, r.status, status)
		}
	}
	if got := api.srv.RequestCount(http.MethodGet, pluginsPath); got != len(want) {
		t.Errorf("RequestCount = %d, want %d (faulted requests count)", got, len(want))
	}
}

func TestFaultMatching(t *testing.T) {
	api := newTestAPI(t)
	p := api.srv.AddPlugin("match")
	v := api.srv.AddPluginVersions(p.Sid, 1)[0]
	api.srv.InjectFault(emulator.Fault{Method: http.MethodPost, Path: versionsPattern,
		Status: http.StatusInternalServerError})

	api.expect(http.MethodGet, versionsPath(p.Sid), nil, http.StatusOK)
	api.expect(http.MethodGet, versionsPath(p.Sid)+"/"+v.Sid, nil, http.StatusOK)
	api.expect(http.MethodPost, versionsPath(p.Sid)+"/"+v.Sid+"/Archive", nil, http.StatusOK)
	api.expectError(http.MethodPost, versionsPath(p.Sid), versionForm("9.0.0"),
		http.StatusInternalServerError, 20500)

	api.srv.ClearFaults()
	api.expect(http.MethodPost, versionsPath(p.Sid), versionForm("9.0.0"), http.StatusCreated)
}

func TestConcurrencyLimit(t *testing.T) {
	api := newTestAPI(t)
	const limit = 3
	api.srv.SetConcurrencyLimit(limit)
	api.srv.InjectFault(emulator.Fault{Method: http.MethodGet, Delay: time.Hour})

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	results := make(chan reply, limit+1)
	for range limit + 1 {
		go func() {
			r, err := api.try(ctx, http.MethodGet, pluginsPath, nil)
			if err != nil {
				r.status = -1 // cancelled while waiting, as the slow requests should be
			}
			results <- r
		}()
	}

	var refused reply
	select {
	case refused = <-results:
	case <-time.After(10 * time.Second):
		t.Fatalf("none of %d concurrent requests was refused with a limit of %d", limit+1, limit)
	}
	checkError(t, refused, http.StatusTooManyRequests, emulator.CodeTooManyRequests)
	if got := refused.header.Get("Retry-After"); got != "1" {
		t.Errorf("Retry-After %q, want 1", got)
	}
	waitFor(t, "the admitted requests are in flight", func() bool {
		return api.srv.InFlight() == limit
	})
	cancel()
	for range limit {
		if r := <-results; r.status != -1 {
			t.Errorf("an admitted request answered %d instead of waiting", r.status)
		}
	}

	waitFor(t, "the admitted requests end", func() bool { return api.srv.InFlight() == 0 })
	api.srv.ClearFaults()
	api.expect(http.MethodGet, pluginsPath, nil, http.StatusOK)
	api.srv.SetConcurrencyLimit(0)
}
