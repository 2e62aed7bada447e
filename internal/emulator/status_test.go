package emulator

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestStatusRecorder(t *testing.T) {
	cases := []struct {
		name    string
		handler http.HandlerFunc
		want    int
	}{
		{"explicit status", func(w http.ResponseWriter, _ *http.Request) {
			w.WriteHeader(http.StatusTooManyRequests)
			w.WriteHeader(http.StatusOK)
		}, http.StatusTooManyRequests},
		{"implicit 200", func(w http.ResponseWriter, _ *http.Request) {
			_, _ = w.Write([]byte("{}"))
		}, http.StatusOK},
		{"nothing sent", func(http.ResponseWriter, *http.Request) {}, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rec := NewStatusRecorder(httptest.NewRecorder())
			c.handler(rec, httptest.NewRequestWithContext(t.Context(), http.MethodGet, "/", nil))
			if rec.Status() != c.want {
				t.Errorf("Status() = %d, want %d", rec.Status(), c.want)
			}
		})
	}
}

func TestStatusRecorderLetsTheEmulatorDropTheConnection(t *testing.T) {
	server := New(Options{})
	plugin := server.AddPlugin("recorded")
	server.InjectFault(Fault{Method: http.MethodGet, Path: pluginPath(plugin.Sid),
		Drop: DropBeforeAct})
	statuses := make(chan int, 1)
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := NewStatusRecorder(w)
		defer func() { statuses <- rec.Status() }()
		server.ServeHTTP(rec, r)
	}))
	defer ts.Close()

	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet,
		ts.URL+pluginPath(plugin.Sid), nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := ts.Client().Do(req)
	if err == nil {
		_ = resp.Body.Close()
		t.Fatalf("got an answer (%s), want the connection dropped", resp.Status)
	}
	// A hijacked connection is no longer tracked by the test server, so
	// the handler may still be running here: wait for what it recorded.
	if status := <-statuses; status != 0 {
		t.Errorf("Status() = %d after a dropped connection, want 0", status)
	}
}
