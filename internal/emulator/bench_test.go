package emulator_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/flexplugins/terraform-provider-twilio/internal/emulator"
)

// BenchmarkListPluginVersionsPage lists a middle page of 1000 versions out of 10,000, the
// work behind each page a client fetches while walking a large plugin.
func BenchmarkListPluginVersionsPage(b *testing.B) {
	srv := emulator.New(emulator.Options{})
	p := srv.AddPlugin("bench")
	srv.AddPluginVersions(p.Sid, 10000)
	opts := srv.Options()

	first := httptest.NewRequestWithContext(b.Context(), http.MethodGet,
		versionsPath(p.Sid)+"?PageSize=1000", nil)
	first.SetBasicAuth(opts.AccountSid, opts.AuthToken)
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, first)
	var page struct {
		Meta struct {
			NextPageURL string `json:"next_page_url"`
		} `json:"meta"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &page); err != nil || page.Meta.NextPageURL == "" {
		b.Fatalf("first page: %v %s", err, rec.Body.Bytes()[:200])
	}

	b.ReportAllocs()
	for b.Loop() {
		req := httptest.NewRequestWithContext(b.Context(), http.MethodGet,
			page.Meta.NextPageURL, nil)
		req.SetBasicAuth(opts.AccountSid, opts.AuthToken)
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatalf("status %d: %s", rec.Code, rec.Body.Bytes())
		}
	}
}
