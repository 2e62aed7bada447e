package e2e

import (
	"net/http"
	"testing"
	"time"

	"github.com/flexplugins/terraform-provider-twilio/internal/emulator"
	"github.com/flexplugins/terraform-provider-twilio/internal/tfrun"
)

const (
	loadVersions    = 100
	loadParallelism = "-parallelism=20"
	loadConcurrency = 5
	loadHold        = 150 * time.Millisecond
)

// TestLoad_hundredVersionsUnderConcurrencyLimit applies, plans and destroys 100 plugin
// versions with Terraform running 20 operations at once against a server that refuses
// more than 5 concurrent requests with 429.
func TestLoad_hundredVersionsUnderConcurrencyLimit(t *testing.T) {
	requireAcceptance(t)
	server := emulator.New(emulator.Options{})
	server.SetConcurrencyLimit(loadConcurrency)
	url, statuses := serveEmulator(t, server)
	pluginSid := server.AddPlugin("e2e-load").Sid
	opts := server.Options()
	// The emulator answers in microseconds; holding each create and archive for a while,
	// as Twilio takes its time too, keeps enough of them in flight for the limit to bite.
	versionsPath := "/v1/PluginService/Plugins/" + pluginSid + "/Versions"
	server.InjectFault(emulator.Fault{Method: http.MethodPost, Path: versionsPath,
		Delay: loadHold})
	server.InjectFault(emulator.Fault{Method: http.MethodPost, Path: versionsPath + "/FV*/Archive",
		Delay: loadHold})

	ws := tfrun.NewTestWorkspace(t, tfrun.BuildProvider(t))
	ws.WriteConfig(t, providerBlock(url, map[string]string{
		"account_sid": opts.AccountSid, "auth_token": opts.AuthToken,
	})+versionResources(pluginSid, loadVersions))

	start := time.Now()
	ws.Run(t, "apply", "-auto-approve", loadParallelism)
	applied := time.Since(start)

	state := stateSids(t, ws.Run(t, "show", "-json").Stdout)
	checkStateMatchesServer(t, server, pluginSid, state)

	if r := ws.Run(t, "plan", "-detailed-exitcode", loadParallelism); r.ExitCode != 0 {
		t.Errorf("second plan exited %d, want 0 (no changes):\n%s", r.ExitCode, r.Stdout)
	}

	ws.Run(t, "destroy", "-auto-approve", loadParallelism)
	total := time.Since(start)
	archived := checkAllArchived(t, server, pluginSid, state)

	refused := statuses.get(http.StatusTooManyRequests)
	if refused == 0 {
		t.Error("the emulator never answered 429, so the concurrency limit was not tested")
	}
	t.Logf("emulator answered %d requests with 429 (apply %.1fs)", refused, applied.Seconds())
	t.Logf("FAULTROW | %d versions, parallelism 20, concurrency limit %d (%d x 429) | %s | %s | %.1f",
		loadVersions, loadConcurrency, refused,
		yesNo(createdOnce(server, pluginSid)), yesNo(!t.Failed() && archived), total.Seconds())
}

// checkStateMatchesServer asserts that every version exists exactly once on the server
// and that state holds that one's sid.
func checkStateMatchesServer(t *testing.T, server *emulator.Server, pluginSid string,
	state map[string]string,
) {
	t.Helper()
	onServer := serverSids(server, pluginSid)
	if len(state) != loadVersions || len(onServer) != loadVersions {
		t.Errorf("state holds %d versions and the server %d, want %d each",
			len(state), len(onServer), loadVersions)
	}
	for version, sids := range onServer {
		if len(sids) != 1 || state[version] != sids[0] {
			t.Errorf("version %q: server holds %v, state holds %q", version, sids, state[version])
		}
	}
}

// checkAllArchived asserts that every version in state is archived on the server.
func checkAllArchived(t *testing.T, server *emulator.Server, pluginSid string,
	state map[string]string,
) bool {
	t.Helper()
	ok := true
	for version, sid := range state {
		if v, found := server.PluginVersion(pluginSid, sid); !found || !v.Archived {
			t.Errorf("version %q (%s) is not archived after destroy", version, sid)
			ok = false
		}
	}
	return ok
}

func createdOnce(server *emulator.Server, pluginSid string) bool {
	onServer := serverSids(server, pluginSid)
	for _, sids := range onServer {
		if len(sids) != 1 {
			return false
		}
	}
	return len(onServer) == loadVersions
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}
