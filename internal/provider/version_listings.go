package provider

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/flexplugins/terraform-provider-twilio/internal/flexapi"
)

// listingLifetime bounds how long one listing of a plugin's versions answers reads.
// Terraform reads all resources of a refresh within moments; a longer-lived provider
// process must not serve old answers.
const listingLifetime = 30 * time.Second

// versionListings lets the concurrent reads of one Terraform run share a single paged
// listing of each plugin's versions, so that refreshing N versions of a plugin costs
// about N/1000 requests instead of N. The first read of a plugin fetches its version
// directly, which keeps a lone resource at one request; later reads share a listing.
type versionListings struct {
	client *flexapi.Client

	mu       sync.Mutex
	byPlugin map[string]*pluginListing
}

// pluginListing is the state of one plugin's shared listing.
type pluginListing struct {
	done     chan struct{} // nil until a listing starts; closed when it ends
	versions map[string]flexapi.PluginVersion
	err      error
	listedAt time.Time
}

func newVersionListings(client *flexapi.Client) *versionListings {
	return &versionListings{client: client, byPlugin: map[string]*pluginListing{}}
}

// read returns a plugin version as the server has it, or an error that satisfies
// errors.Is(err, flexapi.ErrNotFound) when it no longer exists.
func (l *versionListings) read(ctx context.Context, pluginSid, sid string) (*flexapi.PluginVersion, error) {
	listing, first := l.listingFor(ctx, pluginSid)
	if first {
		return l.client.FetchPluginVersion(ctx, pluginSid, sid)
	}

	select {
	case <-listing.done:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	if listing.err == nil {
		if v, ok := listing.versions[sid]; ok {
			return &v, nil
		}
	}
	// Absent from the listing (or the listing failed): only a fetch of its own can say
	// whether the version is really gone.
	return l.client.FetchPluginVersion(ctx, pluginSid, sid)
}

// listingFor returns the plugin's current listing, starting one when this is the second
// read of the plugin. first reports that this is the plugin's first read.
func (l *versionListings) listingFor(ctx context.Context, pluginSid string) (listing *pluginListing, first bool) {
	l.mu.Lock()
	defer l.mu.Unlock()

	listing = l.byPlugin[pluginSid]
	if listing != nil && listing.done != nil && isClosed(listing.done) &&
		time.Since(listing.listedAt) > listingLifetime {
		listing = nil
	}
	switch {
	case listing == nil:
		l.byPlugin[pluginSid] = &pluginListing{}
		return nil, true
	case listing.done == nil:
		listing.done = make(chan struct{})
		go l.fill(context.WithoutCancel(ctx), pluginSid, listing)
	}
	return listing, false
}

// fill lists the plugin's versions once. It runs detached from the read that started it,
// so that a read cancelled by its own timeout does not fail the others.
func (l *versionListings) fill(ctx context.Context, pluginSid string, listing *pluginListing) {
	defer close(listing.done)
	tflog.Debug(ctx, "listing plugin versions to serve concurrent reads",
		map[string]any{"plugin_sid": pluginSid})

	versions, err := l.client.ListPluginVersions(ctx, pluginSid)
	listing.listedAt = time.Now()
	if err != nil {
		if !errors.Is(err, flexapi.ErrNotFound) {
			tflog.Warn(ctx, "listing plugin versions failed; reading them one by one",
				map[string]any{"plugin_sid": pluginSid, "error": err.Error()})
		}
		listing.err = err
		return
	}
	listing.versions = make(map[string]flexapi.PluginVersion, len(versions))
	for _, v := range versions {
		listing.versions[v.Sid] = v
	}
}

// forget drops a plugin's listing after this provider changed the plugin's versions.
func (l *versionListings) forget(pluginSid string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.byPlugin, pluginSid)
}

func isClosed(ch chan struct{}) bool {
	select {
	case <-ch:
		return true
	default:
		return false
	}
}
