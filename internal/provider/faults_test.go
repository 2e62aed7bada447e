package provider

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/flexplugins/terraform-provider-twilio/internal/acctest"
	"github.com/flexplugins/terraform-provider-twilio/internal/emulator"
)

// faultPhase is the part of a lifecycle during which a row's faults are active.
type faultPhase int

const (
	duringCreate faultPhase = iota
	duringRefresh
	duringDestroy
)

// faultRow is one fault-injection lifecycle: create, an empty second plan, destroy.
type faultRow struct {
	name  string
	phase faultPhase
	// faults builds the faults from the path of the plugin's versions.
	faults func(versionsPath string) []emulator.Fault
	// wrap, when set, sits between the answer log and the emulator.
	wrap          func(http.Handler) http.Handler
	providerArgs  string
	resources     int // 0 means 1
	concurrency   int
	dataSource    bool
	exactAnswers  map[string]int // answer (see answerLog) => exact count over the lifecycle
	leastAnswers  map[string]int // answer => minimum count over the lifecycle
	logAnswerKeys []string       // answers whose counts are logged, not asserted
}

// Answer keys name a request shape and the status the emulator sent; 0 means the
// connection was closed without an answer.
const (
	postCreate  = "POST Versions"
	getList     = "GET Versions"
	getFetch    = "GET Versions/{sid}"
	postArchive = "POST Versions/{sid}/Archive"
)

func answer(shape string, status int) string { return shape + " " + strconv.Itoa(status) }

func faultRows() []faultRow {
	return []faultRow{
		{
			name: "429 with Retry-After 1 on create",
			faults: func(p string) []emulator.Fault {
				return []emulator.Fault{{Method: "POST", Path: p, Status: 429,
					Code: 20429, RetryAfter: "1", Times: 1}}
			},
			exactAnswers: map[string]int{answer(postCreate, 429): 1, answer(postCreate, 201): 1},
		},
		{
			name: "503 on create, not acted on",
			faults: func(p string) []emulator.Fault {
				return []emulator.Fault{{Method: "POST", Path: p, Status: 503, Times: 1}}
			},
			exactAnswers: map[string]int{answer(postCreate, 503): 1, answer(postCreate, 201): 1},
			leastAnswers: map[string]int{answer(getList, 200): 1},
		},
		{
			name: "connection dropped after create acted",
			faults: func(p string) []emulator.Fault {
				return []emulator.Fault{{Method: "POST", Path: p,
					Drop: emulator.DropAfterAct, Times: 1}}
			},
			exactAnswers: map[string]int{answer(postCreate, 0): 1, answer(postCreate, 201): 0},
			leastAnswers: map[string]int{answer(getList, 200): 1},
		},
		{
			name: "connection dropped before create acted",
			faults: func(p string) []emulator.Fault {
				return []emulator.Fault{{Method: "POST", Path: p,
					Drop: emulator.DropBeforeAct, Times: 1}}
			},
			exactAnswers: map[string]int{answer(postCreate, 0): 1, answer(postCreate, 201): 1},
			leastAnswers: map[string]int{answer(getList, 200): 1},
		},
		{
			name: "truncated 201 body on create",
			faults: func(p string) []emulator.Fault {
				return []emulator.Fault{{Method: "POST", Path: p,
					Body: emulator.BodyTruncated, Times: 1}}
			},
			exactAnswers: map[string]int{answer(postCreate, 201): 1},
			leastAnswers: map[string]int{answer(getList, 200): 1},
		},
		{
			name: "HTML 502 page from a proxy on create",
			faults: func(p string) []emulator.Fault {
				return []emulator.Fault{{Method: "POST", Path: p,
					Body: emulator.BodyHTML, Status: 502, Times: 1}}
			},
			exactAnswers: map[string]int{answer(postCreate, 502): 1, answer(postCreate, 201): 1},
			leastAnswers: map[string]int{answer(getList, 200): 1},
		},
		{
			name:         "create delayed 3s past request_timeout 1s",
			providerArgs: `request_timeout = "1s"`,
			faults: func(p string) []emulator.Fault {
				return []emulator.Fault{{Method: "POST", Path: p,
					Delay: 3 * time.Second, Times: 1}}
			},
			exactAnswers: map[string]int{answer(postCreate, 0): 1, answer(postCreate, 201): 1},
			leastAnswers: map[string]int{answer(getList, 200): 1},
		},
		{
			name:         "create answer without sid",
			wrap:         rewriteCreateAnswers(func(v map[string]any) { delete(v, "sid") }),
			exactAnswers: map[string]int{answer(postCreate, 201): 1},
			leastAnswers: map[string]int{answer(getList, 200): 1},
		},
		{
			name: "create answer with wrong types",
			wrap: rewriteCreateAnswers(func(v map[string]any) {
				v["private"], v["archived"], v["version"] = "no", "false", 100
			}),
			exactAnswers: map[string]int{answer(postCreate, 201): 1},
			leastAnswers: map[string]int{answer(getList, 200): 1},
		},
		{
			name:  "500 then success on GET during refresh",
			phase: duringRefresh,
			faults: func(p string) []emulator.Fault {
				return []emulator.Fault{{Method: "GET", Path: p + "/FV*", Status: 500, Times: 1}}
			},
			exactAnswers: map[string]int{answer(getFetch, 500): 1},
			leastAnswers: map[string]int{answer(getFetch, 200): 1},
		},
		{
			name:       "503 with Retry-After 1 on data source list",
			dataSource: true,
			faults: func(p string) []emulator.Fault {
				return []emulator.Fault{{Method: "GET", Path: p, Status: 503,
					RetryAfter: "1", Times: 1}}
			},
			exactAnswers: map[string]int{answer(getList, 503): 1},
			leastAnswers: map[string]int{answer(getList, 200): 2},
		},
		{
			name:  "500 on archive during destroy",
			phase: duringDestroy,
			faults: func(p string) []emulator.Fault {
				return []emulator.Fault{{Method: "POST", Path: p + "/FV*/Archive",
					Status: 500, Times: 1}}
			},
			exactAnswers: map[string]int{
				answer(postArchive, 500): 1, answer(postArchive, 200): 1,
			},
		},
		{
			name:  "connection dropped after archive acted",
			phase: duringDestroy,
			faults: func(p string) []emulator.Fault {
				return []emulator.Fault{{Method: "POST", Path: p + "/FV*/Archive",
					Drop: emulator.DropAfterAct, Times: 1}}
			},
			exactAnswers: map[string]int{
				answer(postArchive, 0): 1, answer(postArchive, 400): 1,
				answer(postArchive, 200): 0,
			},
		},
		{
			// Each create is held 300ms so that the eight are surely in flight together.
			name:        "concurrency limit 2, 8 resources",
			resources:   8,
			concurrency: 2,
			faults: func(p string) []emulator.Fault {
				return []emulator.Fault{{Method: "POST", Path: p,
					Delay: 300 * time.Millisecond}}
			},
			exactAnswers:  map[string]int{answer(postCreate, 201): 8},
			leastAnswers:  map[string]int{answer(postCreate, 429): 1},
			logAnswerKeys: []string{answer(postCreate, 429), answer(postArchive, 429)},
		},
	}
}

func TestAccFault_lifecycle(t *testing.T) {
	skipInConformanceMode(t)
	for _, row := range faultRows() {
		t.Run(row.name, func(t *testing.T) { runFaultRow(t, row) })
	}
}

// rowOutcome collects what a row proved, for its FAULTROW line.
type rowOutcome struct {
	mu             sync.Mutex
	matched        map[string]bool // address => state matched the server after the second plan
	archived       bool
	destroyChecked bool
}

func (o *rowOutcome) markMatched(address string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.matched[address] = true
}

func runFaultRow(t *testing.T, row faultRow) {
	env := newFaultEnv(t, row.wrap)
	env.server.SetConcurrencyLimit(row.concurrency)
	n := max(row.resources, 1)
	config := env.faultConfig(row, n)
	outcome := &rowOutcome{matched: map[string]bool{}}
	start := time.Now()
	defer func() { logFaultRow(t, env, row, n, outcome, time.Since(start)) }()

	sidStable := statecheck.CompareValue(compare.ValuesSame())
	// Faults for the destroy are injected with those for the refresh: nothing archives
	// before the destroy that ends the test, which must find resources in state for
	// CheckDestroy to run.
	inject := func(phases ...faultPhase) func() {
		return func() {
			env.server.ClearFaults()
			if row.faults != nil && slices.Contains(phases, row.phase) {
				for _, f := range row.faults(env.versionsPath()) {
					env.server.InjectFault(f)
				}
			}
		}
	}

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             env.checkAllArchived(row, n, outcome),
		Steps: []resource.TestStep{
			{
				PreConfig: inject(duringCreate),
				Config:    config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: createActions(n),
				},
				ConfigStateChecks: append(env.stateMatchesServer(n, nil),
					sidStable.AddStateValue(faultAddress(0), tfjsonpath.New("sid")),
					statecheck.ExpectKnownValue(faultAddress(0), tfjsonpath.New("sid"),
						knownvalue.StringRegexp(regexp.MustCompile(`^FV[0-9a-f]{32}$`)))),
			},
			{
				PreConfig: inject(duringRefresh, duringDestroy),
				Config:    config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: append(env.stateMatchesServer(n, outcome),
					append(dataSourceChecks(row),
						sidStable.AddStateValue(faultAddress(0), tfjsonpath.New("sid")))...),
			},
		},
	})
	if !t.Failed() && !outcome.destroyChecked {
		t.Error("CheckDestroy did not run, so the destroy was not verified")
	}
}

const faultDataSource = "data.twilio_flex_plugin_versions.all"

// dataSourceChecks checks that a row's list data source, when it has one, lists exactly
// the one version in state.
func dataSourceChecks(row faultRow) []statecheck.StateCheck {
	if !row.dataSource {
		return nil
	}
	return []statecheck.StateCheck{
		statecheck.ExpectKnownValue(faultDataSource, tfjsonpath.New("plugin_versions"),
			knownvalue.ListSizeExact(1)),
		statecheck.CompareValuePairs(faultAddress(0), tfjsonpath.New("sid"),
			faultDataSource, tfjsonpath.New("plugin_versions").AtSliceIndex(0).AtMapKey("sid"),
			compare.ValuesSame()),
	}
}

func faultAddress(i int) string { return fmt.Sprintf("twilio_flex_plugin_version.v%d", i) }

func faultVersion(i int) string { return fmt.Sprintf("1.0.%d", i) }

func createActions(n int) []plancheck.PlanCheck {
	checks := make([]plancheck.PlanCheck, 0, n)
	for i := range n {
		checks = append(checks,
			plancheck.ExpectResourceAction(faultAddress(i), plancheck.ResourceActionCreate))
	}
	return checks
}

// faultEnv is a test environment whose emulator sits behind an answer log.
type faultEnv struct {
	testEnv
	answers *answerLog
}

// newFaultEnv serves a fresh emulator on loopback behind an answer log; wrap, when not
// nil, may alter the emulator's answers before they are logged.
func newFaultEnv(t *testing.T, wrap func(http.Handler) http.Handler) faultEnv {
	t.Helper()
	server := emulator.New(emulator.Options{})
	answers := &answerLog{counts: map[string]int{}}
	var handler http.Handler = server
	if wrap != nil {
		handler = wrap(server)
	}
	url := acctest.ServeLoopback(t, answers.wrap(handler))
	plugin := server.AddPlugin(uniqueName(t))
	return faultEnv{testEnv: testEnv{server: server, url: url, pluginSid: plugin.Sid},
		answers: answers}
}

// faultConfig is the provider block and n plugin versions, plus the list data source
// when the row reads it.
func (e faultEnv) faultConfig(row faultRow, n int) string {
	opts := e.server.Options()
	var b strings.Builder
	fmt.Fprintf(&b, "provider \"twilio\" {\n  flex_api_url = %q\n  account_sid  = %q\n"+
		"  auth_token   = %q\n  %s\n}\n", e.url, opts.AccountSid, opts.AuthToken, row.providerArgs)
	for i := range n {
		fmt.Fprintf(&b, "\nresource \"twilio_flex_plugin_version\" \"v%d\" {\n"+
			"  plugin_sid = %q\n  version    = %q\n  plugin_url = %q\n}\n",
			i, e.pluginSid, faultVersion(i), bundleURL(faultVersion(i)))
	}
	if row.dataSource {
		fmt.Fprintf(&b, "\ndata \"twilio_flex_plugin_versions\" \"all\" {\n"+
			"  plugin_sid = %q\n  depends_on = [%s]\n}\n", e.pluginSid, faultAddress(0))
	}
	return b.String()
}

// stateMatchesServer checks that every resource's sid is the one version the server
// holds under its version string, and that the server holds nothing else. A non-nil
// outcome records the resources that passed.
func (e faultEnv) stateMatchesServer(n int, outcome *rowOutcome) []statecheck.StateCheck {
	checks := make([]statecheck.StateCheck, 0, n+1)
	for i := range n {
		address := faultAddress(i)
		checks = append(checks, checkServer(address, func(pluginSid, sid string) error {
			matches := versionsNamed(e.server.PluginVersions(pluginSid), faultVersion(i))
			switch {
			case len(matches) != 1:
				return fmt.Errorf("server holds %d versions %q, want 1: %+v",
					len(matches), faultVersion(i), matches)
			case matches[0].Sid != sid:
				return fmt.Errorf("%s has sid %s, server has %s", address, sid, matches[0].Sid)
			case matches[0].Archived:
				return fmt.Errorf("%s (%s) is archived on the server", address, sid)
			}
			if outcome != nil {
				outcome.markMatched(address)
			}
			return nil
		}))
	}
	checks = append(checks, checkServer(faultAddress(0), func(pluginSid, _ string) error {
		if got := len(e.server.PluginVersions(pluginSid)); got != n {
			return fmt.Errorf("server holds %d plugin versions, want %d", got, n)
		}
		return nil
	}))
	return checks
}

// checkAllArchived is the CheckDestroy of a row: each version exists once and is
// archived, and the emulator sent the answers the row's fault implies.
func (e faultEnv) checkAllArchived(row faultRow, n int, outcome *rowOutcome) resource.TestCheckFunc {
	return func(_ *terraform.State) error {
		e.server.ClearFaults()
		var errs []error
		for i := range n {
			matches := versionsNamed(e.server.PluginVersions(e.pluginSid), faultVersion(i))
			if len(matches) != 1 || !matches[0].Archived {
				errs = append(errs, fmt.Errorf("version %q after destroy: %+v, want one "+
					"archived", faultVersion(i), matches))
			}
		}
		outcome.destroyChecked, outcome.archived = true, len(errs) == 0
		errs = append(errs, e.answers.check(row.exactAnswers, row.leastAnswers)...)
		return errors.Join(errs...)
	}
}

func versionsNamed(versions []emulator.PluginVersion, version string) []emulator.PluginVersion {
	return slices.DeleteFunc(versions, func(v emulator.PluginVersion) bool {
		return v.Version != version
	})
}

func logFaultRow(t *testing.T, e faultEnv, row faultRow, n int, o *rowOutcome, d time.Duration) {
	createdOnce := true
	for i := range n {
		if len(versionsNamed(e.server.PluginVersions(e.pluginSid), faultVersion(i))) != 1 {
			createdOnce = false
		}
	}
	o.mu.Lock()
	stateCorrect := len(o.matched) == n && o.archived
	o.mu.Unlock()
	for _, key := range row.logAnswerKeys {
		t.Logf("%s: %q answered %d times", row.name, key, e.answers.count(key))
	}
	t.Logf("FAULTROW | %s | %s | %s | %.1f", row.name, yesNo(createdOnce), yesNo(stateCorrect),
		d.Seconds())
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// answerLog counts the emulator's answers by method, path shape and status, so that a
// test can prove that its fault reached the provider.
type answerLog struct {
	mu     sync.Mutex
	counts map[string]int
}

var pluginPathPrefix = regexp.MustCompile(`^/v1/PluginService/Plugins/[^/]+/`)
var versionSid = regexp.MustCompile(`FV[0-9a-f]{32}`)

// shape turns a request path into the form used in answer keys, such as
// "Versions/{sid}/Archive".
func shape(escapedPath string) string {
	p := pluginPathPrefix.ReplaceAllString(escapedPath, "")
	return versionSid.ReplaceAllString(p, "{sid}")
}

func (l *answerLog) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := emulator.NewStatusRecorder(w)
		defer func() {
			l.mu.Lock()
			l.counts[answer(r.Method+" "+shape(r.URL.EscapedPath()), rec.Status())]++
			l.mu.Unlock()
		}()
		next.ServeHTTP(rec, r)
	})
}

func (l *answerLog) count(key string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.counts[key]
}

func (l *answerLog) check(exact, least map[string]int) []error {
	l.mu.Lock()
	defer l.mu.Unlock()
	var errs []error
	for _, key := range slices.Sorted(maps.Keys(exact)) {
		if got := l.counts[key]; got != exact[key] {
			errs = append(errs, fmt.Errorf("emulator answered %q %d times, want %d (all: %v)",
				key, got, exact[key], l.counts))
		}
	}
	for _, key := range slices.Sorted(maps.Keys(least)) {
		if got := l.counts[key]; got < least[key] {
			errs = append(errs, fmt.Errorf("emulator answered %q %d times, want at least %d "+
				"(all: %v)", key, got, least[key], l.counts))
		}
	}
	return errs
}

// rewriteCreateAnswers alters the JSON body of each successful plugin version create,
// after the emulator acted on it. The emulator itself always answers with a well-formed
// version, so this stands in for a server whose answer lacks fields or has wrong types.
func rewriteCreateAnswers(rewrite func(map[string]any)) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method != http.MethodPost || shape(r.URL.EscapedPath()) != "Versions" {
				next.ServeHTTP(w, r)
				return
			}
			rec := httptest.NewRecorder()
			next.ServeHTTP(rec, r)
			body := rec.Body.Bytes()
			var v map[string]any
			if rec.Code == http.StatusCreated && json.Unmarshal(body, &v) == nil {
				rewrite(v)
				body, _ = json.Marshal(v)
			}
			maps.Copy(w.Header(), rec.Header())
			w.Header().Set("Content-Length", strconv.Itoa(len(body)))
			w.WriteHeader(rec.Code)
			_, _ = w.Write(body)
		})
	}
}

func TestAccFault_badRefreshAnswerKeepsState(t *testing.T) {
	cases := []struct {
		name  string
		fault emulator.Fault
		want  string
	}{
		{"truncated JSON", emulator.Fault{Body: emulator.BodyTruncated},
			`(?s)Unable to Read Plugin Version.*malformed plugin version`},
		{"HTML page with status 200", emulator.Fault{Body: emulator.BodyHTML, Status: 200},
			`(?s)Unable to Read Plugin Version.*not a JSON object: "200 OK`},
	}
	skipInConformanceMode(t)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			env := newTestEnv(t)
			config := env.pluginVersionConfig("1.0.0", bundleURL("1.0.0"), "")
			sidStable := statecheck.CompareValue(compare.ValuesSame())
			fault := c.fault
			fault.Method, fault.Path = http.MethodGet, env.versionsPath()+"/FV*"

			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				Steps: []resource.TestStep{
					{
						Config: config,
						ConfigStateChecks: []statecheck.StateCheck{
							sidStable.AddStateValue(testResource, tfjsonpath.New("sid")),
						},
					},
					{
						PreConfig:   func() { env.server.InjectFault(fault) },
						Config:      config,
						ExpectError: regexp.MustCompile(c.want),
					},
					{
						PreConfig: env.server.ClearFaults,
						Config:    config,
						ConfigPlanChecks: resource.ConfigPlanChecks{
							PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
						},
						ConfigStateChecks: []statecheck.StateCheck{
							sidStable.AddStateValue(testResource, tfjsonpath.New("sid")),
							statecheck.ExpectKnownValue(testResource, tfjsonpath.New("version"),
								knownvalue.StringExact("1.0.0")),
							statecheck.ExpectKnownValue(testResource,
								tfjsonpath.New("plugin_url"),
								knownvalue.StringExact(bundleURL("1.0.0"))),
							checkServer(testResource, func(pluginSid, sid string) error {
								v, ok := env.server.PluginVersion(pluginSid, sid)
								if !ok || v.Archived {
									return fmt.Errorf("server holds %+v (found %v)", v, ok)
								}
								return nil
							}),
						},
					},
				},
			})
		})
	}
}

func TestAccFault_versionAlreadyExists(t *testing.T) {
	cases := []struct {
		name, existingURL string
		archived          bool
	}{
		{"other bundle", bundleURL("0.9.0"), false},
		{"same bundle", bundleURL("1.0.0"), false},
		{"archived", bundleURL("1.0.0"), true},
	}
	skipInConformanceMode(t)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			env := newTestEnv(t)
			existing, err := env.server.AddPluginVersion(env.pluginSid, "1.0.0", c.existingURL)
			if err != nil {
				t.Fatal(err)
			}
			if c.archived {
				env.server.ArchivePluginVersion(env.pluginSid, existing.Sid)
			}
			env.server.ResetRequestCounts()
			want := fmt.Sprintf(`(?s)Plugin Version Already Exists.*as\s+%s.*`+
				`terraform\s+import\s+<resource\s+address>\s+%s/%s`,
				existing.Sid, env.pluginSid, existing.Sid)
			if c.archived {
				want = fmt.Sprintf(`(?s)Plugin Version Already Exists.*as\s+%s.*archived\s+and`+
					`\s+cannot\s+be\s+used\s+again:\s+set\s+a\s+new\s+version\.`, existing.Sid)
			}

			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      env.pluginVersionConfig("1.0.0", bundleURL("1.0.0"), ""),
					ExpectError: regexp.MustCompile(want),
				}},
			})

			versions := env.server.PluginVersions(env.pluginSid)
			if len(versions) != 1 || versions[0].Sid != existing.Sid ||
				versions[0].Archived != c.archived {
				t.Errorf("server holds %+v, want only the untouched %s", versions, existing.Sid)
			}
			if n := env.server.RequestCount(http.MethodPost, env.versionsPath()); n != 1 {
				t.Errorf("sent %d creates, want 1", n)
			}
		})
	}
}

// skipInConformanceMode skips tests that inject faults into, or count the requests of,
// the emulator from acctest, which conformance runs share between tests.
func skipInConformanceMode(t *testing.T) {
	if acctest.ConformanceMode() {
		t.Skip("injects faults and counts requests, which a shared conformance emulator " +
			"does not allow")
	}
}
