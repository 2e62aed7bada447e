package main

import (
	"maps"
	"slices"
	"testing"
)

func TestSilenceLogsNobodyReads(t *testing.T) {
	cases := []struct {
		name    string
		environ []string
		silence bool
	}{
		{"no logging asked", []string{"HOME=/root", "TF_LOG="}, true},
		{"core logging only", []string{"TF_LOG_CORE=TRACE"}, true},
		{"TF_LOG", []string{"TF_LOG=TRACE"}, false},
		{"provider logging", []string{"TF_LOG_PROVIDER=DEBUG"}, false},
		{"a log file", []string{"TF_LOG_PATH=/tmp/tf.log"}, false},
		{"framework logging", []string{"TF_LOG_SDK_FRAMEWORK=TRACE"}, false},
		{"acceptance test log", []string{"TF_ACC_LOG_PATH=/tmp/acc.log"}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			set := map[string]string{}
			silenceLogsNobodyReads(c.environ, func(name, value string) error {
				set[name] = value
				return nil
			})
			switch {
			case c.silence && !slices.Equal(slices.Sorted(maps.Keys(set)),
				slices.Sorted(slices.Values(sdkLogLevelVariables))):
				t.Errorf("set %v, want every one of %v set to OFF", set, sdkLogLevelVariables)
			case !c.silence && len(set) > 0:
				t.Errorf("set %v, want the loggers left alone", set)
			}
			for name, value := range set {
				if value != "OFF" {
					t.Errorf("%s=%s, want OFF", name, value)
				}
			}
		})
	}
}
