# A complete configuration that the demo applies against the local emulator. The
# provider reads its endpoint and credentials from TWILIO_FLEX_API_URL,
# TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN.
terraform {
  required_providers {
    twilio = {
      source = "flexplugins/twilio"
    }
  }
}

provider "twilio" {}

variable "plugin_name" {
  description = "Unique name of the Flex plugin to release."
  type        = string
  default     = "demo-plugin"
}

data "twilio_flex_plugin" "demo" {
  unique_name = var.plugin_name
}

resource "twilio_flex_plugin_version" "stable" {
  plugin_sid = data.twilio_flex_plugin.demo.sid
  version    = "1.0.0"
  plugin_url = "https://assets.example.com/plugins/demo-plugin/1.0.0/bundle.js"
  changelog  = "First release"
}

resource "twilio_flex_plugin_version" "next" {
  plugin_sid  = data.twilio_flex_plugin.demo.sid
  version     = "1.1.0"
  plugin_url  = "https://assets.example.com/plugins/demo-plugin/1.1.0/bundle.js"
  changelog   = "Adds a customer history panel"
  private     = true
  cli_version = "7.1.0"
}

data "twilio_flex_plugin_versions" "all" {
  plugin_sid = data.twilio_flex_plugin.demo.sid

  depends_on = [
    twilio_flex_plugin_version.stable,
    twilio_flex_plugin_version.next,
  ]
}

output "plugin_sid" {
  value = data.twilio_flex_plugin.demo.sid
}

output "created_versions" {
  value = {
    for v in [twilio_flex_plugin_version.stable, twilio_flex_plugin_version.next] :
    v.version => v.sid
  }
}

output "versions_read_back" {
  value = [
    for v in data.twilio_flex_plugin_versions.all.plugin_versions :
    "${v.version} ${v.sid} private=${v.private} archived=${v.archived}"
  ]
}
