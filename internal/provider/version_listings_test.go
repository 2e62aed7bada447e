package provider

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"testing"

	"github.com/flexplugins/terraform-provider-twilio/internal/acctest"
	"github.com/flexplugins/terraform-provider-twilio/internal/emulator"
	"github.com/flexplugins/terraform-provider-twilio/internal/flexapi"
)

func newListings(t *testing.T, url string) *versionListings {
	t.Helper()
	client, err := flexapi.New(flexapi.Config{
		BaseURL: url, Username: acctest.AccountSid, Password: acctest.AuthToken,
	})
	if err != nil {
		t.Fatal(err)
	}
	return newVersionListings(client)
}

// readAll reads every given version concurrently, as a Terraform refresh does.
func readAll(t *testing.T, l *versionListings, pluginSid string, versions []emulator.PluginVersion) {
	t.Helper()
	var wg sync.WaitGroup
	errs := make(chan error, len(versions))
	for _, v := range versions {
		wg.Go(func() {
			got, err := l.read(context.Background(), pluginSid, v.Sid)
			switch {
			case err != nil:
				errs <- err
			case got.Sid != v.Sid || got.Version != v.Version:
				errs <- errors.New("read " + got.Sid + " for " + v.Sid)
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func TestVersionListings_concurrentReadsShareOneListing(t *testing.T) {
	env := newTestEnv(t)
	versions := env.server.AddPluginVersions(env.pluginSid, 1500)
	listings := newListings(t, env.url)
	env.server.ResetRequestCounts()

	readAll(t, listings, env.pluginSid, versions)

	counts := env.server.RequestCounts()
	total := 0
	for _, n := range counts {
		total += n
	}
	// One fetch for the first read, then one listing of two pages for all the others.
	if lists := env.server.RequestCount(http.MethodGet, env.versionsPath()); lists != 2 {
		t.Errorf("listing requests = %d, want 2", lists)
	}
	if total != 3 {
		t.Errorf("reading %d versions took %d requests, want 3: %v", len(versions), total, counts)
	}
}

func TestVersionListings_readsSeeArchiveAndRemoval(t *testing.T) {
	env := newTestEnv(t)
	versions := env.server.AddPluginVersions(env.pluginSid, 3)
	env.server.ArchivePluginVersion(env.pluginSid, versions[1].Sid)
	env.server.RemovePluginVersion(env.pluginSid, versions[2].Sid)
	listings := newListings(t, env.url)
	ctx := context.Background()

	if _, err := listings.read(ctx, env.pluginSid, versions[0].Sid); err != nil {
		t.Fatal(err)
	}
	archived, err := listings.read(ctx, env.pluginSid, versions[1].Sid)
	if err != nil || !archived.Archived {
		t.Errorf("archived version read as %+v, %v", archived, err)
	}
	env.server.ResetRequestCounts()
	_, err = listings.read(ctx, env.pluginSid, versions[2].Sid)
	if !errors.Is(err, flexapi.ErrNotFound) {
		t.Errorf("removed version: got %v, want ErrNotFound", err)
	}
	// Absence from the listing is confirmed by a fetch before a version leaves state.
	if n := env.server.RequestCount(http.MethodGet, env.versionsPath()+"/"+versions[2].Sid); n != 1 {
		t.Errorf("confirming fetches = %d, want 1", n)
	}
}

func TestVersionListings_forgetStartsAfresh(t *testing.T) {
	env := newTestEnv(t)
	versions := env.server.AddPluginVersions(env.pluginSid, 2)
	listings := newListings(t, env.url)
	ctx := context.Background()
	for _, v := range versions {
		if _, err := listings.read(ctx, env.pluginSid, v.Sid); err != nil {
			t.Fatal(err)
		}
	}

	env.server.ArchivePluginVersion(env.pluginSid, versions[0].Sid)
	listings.forget(env.pluginSid)
	got, err := listings.read(ctx, env.pluginSid, versions[0].Sid)
	if err != nil || !got.Archived {
		t.Errorf("after forget, read %+v, %v; want the archived version", got, err)
	}
}

func TestVersionListings_failedListingFallsBackToFetch(t *testing.T) {
	env := newTestEnv(t)
	versions := env.server.AddPluginVersions(env.pluginSid, 2)
	env.server.InjectFault(emulator.Fault{
		Method: http.MethodGet, Path: env.versionsPath(), Status: http.StatusBadRequest,
	})
	listings := newListings(t, env.url)

	readAll(t, listings, env.pluginSid, versions)
}
