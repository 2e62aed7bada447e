package emulator_test

import (
	"fmt"
	"net/http"
	"sync"
	"testing"

	"github.com/flexplugins/terraform-provider-twilio/internal/emulator"
)

func TestSeedingAndInspection(t *testing.T) {
	srv := emulator.New(emulator.Options{})
	p := srv.AddPlugin("seeded")
	if again := srv.AddPlugin("seeded"); again.Sid != p.Sid {
		t.Errorf("AddPlugin of an existing name made %s, want the existing %s", again.Sid, p.Sid)
	}
	if got, ok := srv.Plugin("seeded"); !ok || got.Sid != p.Sid {
		t.Errorf("Plugin(unique name) = %+v, %v; want %s", got, ok, p.Sid)
	}

	vs := srv.AddPluginVersions(p.Sid, 3)
	for i, v := range vs {
		if want := fmt.Sprintf("0.0.%d", i+1); v.Version != want || v.PluginSid != p.Sid {
			t.Errorf("version %d = %s of %s, want %s of %s", i, v.Version, v.PluginSid, want, p.Sid)
		}
	}
	more := srv.AddPluginVersions("seeded", 1)
	if len(more) != 1 || more[0].Version != "0.0.4" {
		t.Errorf("next seeded version = %+v, want 0.0.4", more)
	}
	if srv.AddPluginVersions("missing", 1) != nil {
		t.Error("AddPluginVersions on an unknown plugin returned versions")
	}

	list := srv.PluginVersions(p.Sid)
	if len(list) != 4 || list[0].Sid != more[0].Sid || list[3].Sid != vs[0].Sid {
		t.Errorf("PluginVersions is not newest first: %+v", list)
	}
	if _, err := srv.AddPluginVersion(p.Sid, "0.0.1", "https://a.example.com/x.js"); err == nil {
		t.Error("AddPluginVersion accepted a taken version string")
	}
}

func TestArchiveAndRemoveOutsideTheAPI(t *testing.T) {
	api := newTestAPI(t)
	p := api.srv.AddPlugin("outside")
	vs := api.srv.AddPluginVersions(p.Sid, 2)

	if !api.srv.ArchivePluginVersion(p.Sid, vs[0].Sid) {
		t.Fatal("ArchivePluginVersion of an existing version returned false")
	}
	got := api.expect(http.MethodGet, versionsPath(p.Sid)+"/"+vs[0].Sid, nil, http.StatusOK)
	checkBool(t, got, "archived", true)

	if !api.srv.RemovePluginVersion(p.Sid, vs[1].Sid) {
		t.Fatal("RemovePluginVersion of an existing version returned false")
	}
	api.expectError(http.MethodGet, versionsPath(p.Sid)+"/"+vs[1].Sid, nil, http.StatusNotFound,
		emulator.CodeNotFound)
	if _, ok := api.srv.PluginVersion(p.Sid, vs[1].Sid); ok {
		t.Error("PluginVersion still finds a removed version")
	}
	if api.srv.RemovePluginVersion(p.Sid, vs[1].Sid) || api.srv.ArchivePluginVersion(p.Sid, "FVx") {
		t.Error("removing or archiving an unknown version returned true")
	}
	// A removed version is gone for good, so its version string can be created again.
	api.expect(http.MethodPost, versionsPath(p.Sid), versionForm(vs[1].Version),
		http.StatusCreated)
}

func TestConcurrentCreates(t *testing.T) {
	api := newTestAPI(t)
	p := api.srv.AddPlugin("busy")
	const workers, each = 8, 10
	var wg sync.WaitGroup
	errs := make(chan error, workers*each)
	for w := range workers {
		wg.Go(func() {
			for i := range each {
				r, err := api.try(t.Context(), http.MethodPost, versionsPath(p.Sid),
					versionForm(fmt.Sprintf("%d.%d.0", w, i)))
				if err == nil && r.status != http.StatusCreated {
					err = fmt.Errorf("status %d: %s", r.status, r.body)
				}
				if err != nil {
					errs <- err
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	seen := map[string]bool{}
	for _, v := range api.srv.PluginVersions(p.Sid) {
		seen[v.Sid] = true
	}
	if len(seen) != workers*each {
		t.Errorf("%d distinct versions stored, want %d", len(seen), workers*each)
	}
}
