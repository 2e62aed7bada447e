package flexapi

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
)

func versionsPageBody(b *testing.B, n int) []byte {
	b.Helper()
	body, err := json.Marshal(versionsPage(0, n, nil))
	if err != nil {
		b.Fatal(err)
	}
	return body
}

func versionsSpec() listSpec[PluginVersion] {
	return listSpec[PluginVersion]{
		path:   versionsPath(),
		key:    pluginVersionsKey,
		decode: decodePluginVersionPage,
		sidOf:  sidOfPluginVersion,
	}
}

// BenchmarkListPluginVersionsDecode measures decoding and checking one full 1000-item page.
func BenchmarkListPluginVersionsDecode(b *testing.B) {
	body := versionsPageBody(b, 1000)
	c, err := New(Config{Username: testAccountSid, Password: testAuthToken})
	if err != nil {
		b.Fatal(err)
	}
	spec := versionsSpec()
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		page, err := decodeListPage(c, spec, body)
		if err != nil || len(page.items) != 1000 {
			b.Fatalf("decoded %d items, err %v", len(page.items), err)
		}
	}
}

// BenchmarkListPluginVersions measures a whole list call of one 1000-item page over
// loopback HTTP: request, buffering, decoding and the checks on every item.
func BenchmarkListPluginVersions(b *testing.B) {
	body := versionsPageBody(b, 1000)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(body)
	}))
	b.Cleanup(srv.Close)
	c, _ := newTestClient(b, srv)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		versions, err := c.ListPluginVersions(b.Context(), testPluginSid)
		if err != nil || len(versions) != 1000 {
			b.Fatalf("listed %d versions, err %v", len(versions), err)
		}
	}
}
