package emulator_test

import (
	"net/http"
	"testing"
)

func TestRequestCounting(t *testing.T) {
	api := newTestAPI(t)
	p := api.srv.AddPlugin("counted")
	list := versionsPath(p.Sid)

	api.call(http.MethodGet, list+"?PageSize=5", nil)
	api.call(http.MethodGet, list, nil)
	api.call(http.MethodPost, list, versionForm("1.0.0"))
	api.pass = "wrong"
	api.call(http.MethodGet, list, nil) // refused requests count too

	if got := api.srv.RequestCount(http.MethodGet, list); got != 3 {
		t.Errorf("GET count = %d, want 3 (query ignored, 401 included)", got)
	}
	if got := api.srv.RequestCount(http.MethodPost, list); got != 1 {
		t.Errorf("POST count = %d, want 1", got)
	}
	if got := api.srv.RequestCount(http.MethodDelete, list); got != 0 {
		t.Errorf("DELETE count = %d, want 0", got)
	}

	snapshot := api.srv.RequestCounts()
	if snapshot["GET "+list] != 3 || snapshot["POST "+list] != 1 || len(snapshot) != 2 {
		t.Errorf("RequestCounts() = %v", snapshot)
	}
	snapshot["GET "+list] = 100
	if api.srv.RequestCount(http.MethodGet, list) != 3 {
		t.Error("changing the snapshot changed the server's count")
	}

	api.srv.ResetRequestCounts()
	if got := api.srv.RequestCount(http.MethodGet, list); got != 0 {
		t.Errorf("count after reset = %d, want 0", got)
	}
	if len(api.srv.RequestCounts()) != 0 {
		t.Errorf("snapshot after reset = %v, want empty", api.srv.RequestCounts())
	}
}
