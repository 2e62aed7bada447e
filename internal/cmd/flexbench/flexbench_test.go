package main

import (
	"testing"
	"time"
)

func TestClassifyRequests(t *testing.T) {
	const plugin = "/v1/PluginService/Plugins/FP00000000000000000000000000000001"
	const version = plugin + "/Versions/FV00000000000000000000000000000001"
	got := classifyRequests(map[string]int{
		"POST " + plugin + "/Versions": 3,
		"POST " + version + "/Archive": 2,
		"GET " + plugin + "/Versions":  4,
		"GET " + version:               5,
		"POST " + plugin + "/Archive":  1,
		"GET " + plugin:                1,
	})
	want := requests{Creates: 3, Archives: 2, Lists: 4, Fetches: 5, Other: 2}
	if got != want {
		t.Errorf("classifyRequests = %+v, want %+v", got, want)
	}
	if got.Gets() != 9 || got.Total() != 16 {
		t.Errorf("Gets = %d and Total = %d, want 9 and 16", got.Gets(), got.Total())
	}
}

func TestReattachWatcher(t *testing.T) {
	found := make(chan string, 1)
	w := &reattachWatcher{found: found}
	chunks := []string{
		"Provider started. To attach Terraform CLI, set the TF_REATTACH_PROVIDERS ",
		"environment variable with the following:\n\n\tTF_REATTACH_PRO",
		`VIDERS='{"registry.terraform.io/flexplugins/twilio":{"Pid":1,"Test":true}}'` + "\n\n",
	}
	for _, c := range chunks {
		if n, err := w.Write([]byte(c)); n != len(c) || err != nil {
			t.Fatalf("Write = %d, %v", n, err)
		}
	}
	select {
	case got := <-found:
		if want := `{"registry.terraform.io/flexplugins/twilio":{"Pid":1,"Test":true}}`; got != want {
			t.Errorf("reattach value = %s, want %s", got, want)
		}
	default:
		t.Fatal("no reattach value found")
	}
}

func TestParseReattachLine(t *testing.T) {
	for line, ok := range map[string]bool{
		`TF_REATTACH_PROVIDERS='{"a":1}'`:           true,
		`	TF_REATTACH_PROVIDERS='{"a":"it'"'"'s"}'`: true,
		`TF_REATTACH_PROVIDERS='{"a":`:              false,
		`set "TF_REATTACH_PROVIDERS={"a":1}"`:       false,
		"Provider started.":                         false,
	} {
		if _, got := parseReattachLine(line); got != ok {
			t.Errorf("parseReattachLine(%q) ok = %t, want %t", line, got, ok)
		}
	}
}

func TestMedian(t *testing.T) {
	for _, tc := range []struct {
		in   []time.Duration
		want time.Duration
	}{
		{nil, 0},
		{[]time.Duration{3, 1, 2}, 2},
		{[]time.Duration{4, 1, 3, 2}, 2},
	} {
		if got := median(tc.in); got != tc.want {
			t.Errorf("median(%v) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

func TestFormatting(t *testing.T) {
	for _, tc := range []struct{ got, want string }{
		{thousands(0), "0"},
		{thousands(999), "999"},
		{thousands(10000), "10,000"},
		{thousands(-1234567), "-1,234,567"},
		{plural(1, "request"), "1 request"},
		{plural(2, "fetch"), "2 fetches"},
		{plural(0, "list page"), "0 list pages"},
		{megabytes(27_442_563), "27.4 MB"},
		{millis(123456 * time.Microsecond), "123 ms"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
}

func TestListPages(t *testing.T) {
	for n, want := range map[int]int{5: 1, 1000: 1, 1001: 2, 10000: 10} {
		if got := listPages(n); got != want {
			t.Errorf("listPages(%d) = %d, want %d", n, got, want)
		}
	}
}

func TestApplyTarget(t *testing.T) {
	v := versionsResult{n: 10, apply: commandResult{requests: requests{Creates: 10}}}
	if tg := applyTarget(v); !tg.met {
		t.Errorf("applyTarget with exactly 10 creates: %s", tg.verdict())
	}
	v.apply.requests.Fetches = 2
	if tg := applyTarget(v); tg.met || tg.verdict() != "MISSED by 2 other requests" {
		t.Errorf("applyTarget with 2 extra fetches: %s", tg.verdict())
	}
}
