package main

import (
	"fmt"
	"strings"

	"github.com/flexplugins/terraform-provider-twilio/internal/emulator"
	"github.com/flexplugins/terraform-provider-twilio/internal/tfrun"
)

// providerConfig requires the provider and points it at the API at url.
func providerConfig(url string, opts emulator.Options) string {
	source := strings.TrimPrefix(tfrun.ProviderAddress, "registry.terraform.io/")
	return fmt.Sprintf(`terraform {
  required_providers {
    twilio = {
      source = %q
    }
  }
}

provider "twilio" {
  flex_api_url = %q
  account_sid  = %q
  auth_token   = %q
}
`, source, url, opts.AccountSid, opts.AuthToken)
}

// versionString is the version of the i-th resource.
func versionString(i int) string { return fmt.Sprintf("1.0.%d", i) }

// versionsConfig is the provider block and n plugin version resources of one plugin.
func versionsConfig(e *liveEmulator, pluginSid string, n int) string {
	var b strings.Builder
	b.WriteString(providerConfig(e.URL, e.Options()))
	for i := range n {
		v := versionString(i)
		fmt.Fprintf(&b, `
resource "twilio_flex_plugin_version" "v%d" {
  plugin_sid = %q
  version    = %q
  plugin_url = %q
}
`, i, pluginSid, v, "https://assets.example.com/p/"+v+"/bundle.js")
	}
	return b.String()
}

// baselineConfig is n terraform_data resources: the same resource graph with no
// provider process and no API behind it.
func baselineConfig(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "resource \"terraform_data\" \"v%d\" {\n  input = %q\n}\n\n",
			i, versionString(i))
	}
	return b.String()
}

// dataSourceOutput is the output that holds how many versions the data source listed.
const dataSourceOutput = "listed"

// dataSourceConfig reads every version of one plugin and outputs how many there were.
func dataSourceConfig(e *liveEmulator, pluginSid string) string {
	return providerConfig(e.URL, e.Options()) + fmt.Sprintf(`
data "twilio_flex_plugin_versions" "all" {
  plugin_sid = %q
}

output %q {
  value = length(data.twilio_flex_plugin_versions.all.plugin_versions)
}
`, pluginSid, dataSourceOutput)
}

// schemaConfig is enough configuration for terraform to load the provider's schema. The
// schema command never configures the provider, so the URL is not contacted.
func schemaConfig(pluginSid string) string {
	return providerConfig("http://127.0.0.1:1", emulator.DefaultOptions()) + fmt.Sprintf(`
data "twilio_flex_plugin_versions" "all" {
  plugin_sid = %q
}
`, pluginSid)
}
