package provider

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/flexplugins/terraform-provider-twilio/internal/flexapi"
)

var (
	hostLabelPattern = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$`)
	// semverPattern follows semver.org 2.0.0: MAJOR.MINOR.PATCH with optional
	// pre-release and build parts.
	semverPattern = regexp.MustCompile(`^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)` +
		`(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$`)
	sidPatterns = map[string]*regexp.Regexp{}
)

func init() {
	for _, prefix := range []string{"AC", "SK", "FP", "FV"} {
		sidPatterns[prefix] = regexp.MustCompile(`^` + prefix + `[0-9a-fA-F]{32}$`)
	}
}

// sidPattern returns the pattern of a Twilio SID with the given two-letter prefix.
func sidPattern(prefix string) *regexp.Regexp {
	return sidPatterns[prefix]
}

// stringCheck is a string validator built from a function; values that are null or
// unknown at plan time pass, so references to other resources never fail validation.
type stringCheck struct {
	description string
	check       func(value string) (problem string, warning bool)
	summary     string
}

var _ validator.String = stringCheck{}

func (v stringCheck) Description(_ context.Context) string         { return v.description }
func (v stringCheck) MarkdownDescription(_ context.Context) string { return v.description }

func (v stringCheck) ValidateString(
	_ context.Context, req validator.StringRequest, resp *validator.StringResponse,
) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	problem, warning := v.check(req.ConfigValue.ValueString())
	switch {
	case problem == "":
	case warning:
		resp.Diagnostics.AddAttributeWarning(req.Path, v.summary, problem)
	default:
		resp.Diagnostics.AddAttributeError(req.Path, v.summary, problem)
	}
}

func sidValidator(prefix string) validator.String {
	return stringCheck{
		description: fmt.Sprintf("must be %s followed by 32 hexadecimal characters", prefix),
		summary:     "Invalid SID",
		check: func(value string) (string, bool) {
			if sidPattern(prefix).MatchString(value) {
				return "", false
			}
			return fmt.Sprintf("Expected a SID of the form %s followed by 32 hexadecimal "+
				"characters, got %q.", prefix, value), false
		},
	}
}

func hostLabelValidator() validator.String {
	return stringCheck{
		description: "must be a lowercase name of letters, digits and dashes",
		summary:     "Invalid Region or Edge",
		check: func(value string) (string, bool) {
			if hostLabelPattern.MatchString(value) {
				return "", false
			}
			return fmt.Sprintf("Expected a lowercase name such as us1 or ashburn, got %q.",
				value), false
		},
	}
}

func baseURLValidator() validator.String {
	return stringCheck{
		description: "must be an https:// URL, or http:// on a loopback address",
		summary:     "Invalid Flex API URL",
		check: func(value string) (string, bool) {
			if err := checkBaseURL(value); err != nil {
				return fmt.Sprintf("The URL %q is not usable: %s.", value, err), false
			}
			return "", false
		},
	}
}

// checkBaseURL accepts scheme and host only: https anywhere, plain http on loopback,
// so that credentials never cross a network unencrypted.
func checkBaseURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || u.Opaque != "" {
		return errors.New("expected an absolute URL such as https://flex-api.twilio.com")
	}
	if strings.Trim(u.Path, "/") != "" || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return errors.New("give the scheme and host only, with no path, query or user")
	}
	switch u.Scheme {
	case "https":
	case "http":
		if !isLoopbackHost(u.Hostname()) {
			return errors.New("plain http:// is allowed only on a loopback address; use https://")
		}
	default:
		return errors.New("the scheme must be https://")
	}
	// The messages above say what to do; the client's own check has the last word, so
	// that nothing passes the plan that the client would then refuse.
	return flexapi.CheckBaseURL(raw)
}

func isLoopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func pluginURLValidator() validator.String {
	return stringCheck{
		description: "must be an absolute https:// URL",
		summary:     "Invalid Plugin URL",
		check: func(value string) (string, bool) {
			u, err := url.Parse(value)
			if err != nil || u.Scheme != "https" || u.Host == "" {
				return fmt.Sprintf("Expected an absolute https:// URL of the plugin bundle, "+
					"such as https://example.twil.io/plugins/my-plugin/1.0.0/bundle.js, got %q.",
					value), false
			}
			return "", false
		},
	}
}

func semverWarningValidator() validator.String {
	return stringCheck{
		description: "should be a semantic version such as 1.2.3",
		summary:     "Version Is Not Semantic",
		check: func(value string) (string, bool) {
			// An empty version already fails its length check; one message is enough.
			if value == "" || semverPattern.MatchString(value) {
				return "", false
			}
			return fmt.Sprintf("%q is not a semantic version such as 1.2.3. The API accepts it, "+
				"but the Twilio Flex Plugins CLI expects semantic versions and may not list or "+
				"release this version.", value), true
		},
	}
}

func durationValidator() validator.String {
	return stringCheck{
		description: "must be a positive duration such as 30s or 2m",
		summary:     "Invalid Duration",
		check: func(value string) (string, bool) {
			d, err := time.ParseDuration(value)
			if err != nil || d <= 0 {
				return fmt.Sprintf("Expected a positive duration such as 30s or 2m, got %q.",
					value), false
			}
			return "", false
		},
	}
}
