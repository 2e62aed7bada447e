package provider

import (
	"fmt"
	"os"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/flexplugins/terraform-provider-twilio/internal/flexapi"
)

const (
	defaultMaxRetries     = 5
	defaultRequestTimeout = 30 * time.Second
	defaultFlexAPIHost    = "flex-api.twilio.com"
	defaultEdgeRegion     = "us1"
)

// clientSettings is the provider configuration after environment fallbacks are applied.
type clientSettings struct {
	accountSid, authToken, apiKey, apiSecret string
	baseURL, flexMetadata                    string
	maxRetries                               int
	requestTimeout                           time.Duration
}

func (s clientSettings) userKind() string {
	if s.apiKey != "" {
		return "api_key"
	}
	return "account_sid"
}

// stringSetting is one string attribute with its environment variable fallback.
type stringSetting struct {
	attribute string
	envVar    string
	value     types.String
}

// resolve returns the configured value, else the environment variable's value.
func (s stringSetting) resolve() string {
	if !s.value.IsNull() {
		return s.value.ValueString()
	}
	return os.Getenv(s.envVar)
}

// origin names where a value came from, for error messages that point at the right place.
func (s stringSetting) origin() string {
	if !s.value.IsNull() {
		return fmt.Sprintf("The %q attribute", s.attribute)
	}
	return fmt.Sprintf("The %s environment variable", s.envVar)
}

func configHasUnknowns(c twilioProviderModel) bool {
	for _, v := range []types.String{
		c.AccountSid, c.AuthToken, c.APIKey, c.APISecret, c.Region, c.Edge,
		c.FlexAPIURL, c.FlexMetadata, c.RequestTimeout,
	} {
		if v.IsUnknown() {
			return true
		}
	}
	return c.MaxRetries.IsUnknown()
}

// resolveSettings applies environment fallbacks and checks what the schema validators
// could not see: values that came from the environment, and credentials that come in pairs.
func resolveSettings(c twilioProviderModel, diags *diag.Diagnostics) clientSettings {
	accountSid := stringSetting{"account_sid", "TWILIO_ACCOUNT_SID", c.AccountSid}
	authToken := stringSetting{"auth_token", "TWILIO_AUTH_TOKEN", c.AuthToken}
	apiKey := stringSetting{"api_key", "TWILIO_API_KEY", c.APIKey}
	apiSecret := stringSetting{"api_secret", "TWILIO_API_SECRET", c.APISecret}

	s := clientSettings{
		accountSid:     accountSid.resolve(),
		authToken:      authToken.resolve(),
		apiKey:         apiKey.resolve(),
		apiSecret:      apiSecret.resolve(),
		flexMetadata:   c.FlexMetadata.ValueString(),
		maxRetries:     defaultMaxRetries,
		requestTimeout: defaultRequestTimeout,
	}
	if !c.MaxRetries.IsNull() {
		s.maxRetries = int(c.MaxRetries.ValueInt64())
	}
	if !c.RequestTimeout.IsNull() {
		// The schema validator has already rejected values that do not parse.
		s.requestTimeout, _ = time.ParseDuration(c.RequestTimeout.ValueString())
	}

	checkSidSetting(accountSid, "AC", diags)
	checkSidSetting(apiKey, "SK", diags)
	checkCredentialPairs(s, accountSid, authToken, apiKey, apiSecret, diags)
	s.baseURL = resolveBaseURL(c, diags)
	return s
}

func checkSidSetting(s stringSetting, prefix string, diags *diag.Diagnostics) {
	v := s.resolve()
	if v == "" || sidPattern(prefix).MatchString(v) {
		return
	}
	diags.AddAttributeError(path.Root(s.attribute), "Invalid SID",
		fmt.Sprintf("%s must be a SID of the form %s followed by 32 hexadecimal characters; "+
			"set %q in the provider block or the %s environment variable to a valid value.",
			s.origin(), prefix, s.attribute, s.envVar))
}

func checkCredentialPairs(
	s clientSettings, accountSid, authToken, apiKey, apiSecret stringSetting, diags *diag.Diagnostics,
) {
	switch {
	case s.apiKey != "" || s.apiSecret != "":
		requireSetting(apiKey, s.apiKey, "api_secret", diags)
		requireSetting(apiSecret, s.apiSecret, "api_key", diags)
	case s.accountSid == "" && s.authToken == "":
		diags.AddAttributeError(path.Root("auth_token"), "Missing Twilio Credentials",
			"The provider needs an account SID with its auth token, or an API key with its "+
				"secret. Set \"account_sid\" and \"auth_token\" in the provider block or the "+
				"TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN environment variables; or set "+
				"\"api_key\" and \"api_secret\" or TWILIO_API_KEY and TWILIO_API_SECRET.")
	default:
		requireSetting(accountSid, s.accountSid, "auth_token", diags)
		requireSetting(authToken, s.authToken, "account_sid", diags)
	}
}

func requireSetting(s stringSetting, value, partner string, diags *diag.Diagnostics) {
	if value != "" {
		return
	}
	diags.AddAttributeError(path.Root(s.attribute), "Missing Twilio Credentials",
		fmt.Sprintf("%q is set, so %q is needed too: set it in the provider block or the %s "+
			"environment variable.", partner, s.attribute, s.envVar))
}

// resolveBaseURL picks the Flex API base URL: an explicit override, else the host
// for the configured edge and region.
func resolveBaseURL(c twilioProviderModel, diags *diag.Diagnostics) string {
	override := stringSetting{"flex_api_url", "TWILIO_FLEX_API_URL", c.FlexAPIURL}
	region := stringSetting{"region", "TWILIO_REGION", c.Region}
	edge := stringSetting{"edge", "TWILIO_EDGE", c.Edge}

	// Region and edge are checked even when the override makes them unused, so that a
	// mistake in them shows before the override is taken away.
	for _, s := range []stringSetting{region, edge} {
		if v := s.resolve(); v != "" && !hostLabelPattern.MatchString(v) {
			diags.AddAttributeError(path.Root(s.attribute), "Invalid Region or Edge",
				fmt.Sprintf("%s must be a lowercase name such as us1 or ashburn, not %q.",
					s.origin(), v))
		}
	}
	if u := override.resolve(); u != "" {
		if err := checkBaseURL(u); err != nil {
			diags.AddAttributeError(path.Root(override.attribute), "Invalid Flex API URL",
				fmt.Sprintf("%s is not usable: %s.", override.origin(), err))
		}
		return u
	}
	return flexAPIBaseURL(region.resolve(), edge.resolve())
}

func flexAPIBaseURL(region, edge string) string {
	switch {
	case edge != "":
		if region == "" {
			region = defaultEdgeRegion
		}
		return fmt.Sprintf("https://flex-api.%s.%s.twilio.com", edge, region)
	case region != "":
		return fmt.Sprintf("https://flex-api.%s.twilio.com", region)
	default:
		return "https://" + defaultFlexAPIHost
	}
}

func newClient(s clientSettings, providerVersion, terraformVersion string) (*flexapi.Client, error) {
	user, password := s.accountSid, s.authToken
	if s.apiKey != "" {
		user, password = s.apiKey, s.apiSecret
	}
	return flexapi.New(flexapi.Config{
		BaseURL:        s.baseURL,
		Username:       user,
		Password:       password,
		FlexMetadata:   s.flexMetadata,
		UserAgent:      userAgent(providerVersion, terraformVersion),
		MaxRetries:     s.maxRetries,
		RequestTimeout: s.requestTimeout,
	})
}

func userAgent(providerVersion, terraformVersion string) string {
	if terraformVersion == "" {
		terraformVersion = "unknown"
	}
	return fmt.Sprintf("terraform-provider-twilio/%s (+https://registry.terraform.io/providers/"+
		"flexplugins/twilio) Terraform/%s", providerVersion, terraformVersion)
}
