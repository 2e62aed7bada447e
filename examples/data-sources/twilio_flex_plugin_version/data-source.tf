data "twilio_flex_plugin" "queue_stats" {
  unique_name = "plugin-queue-stats"
}

# The newest version of the plugin that is not archived.
data "twilio_flex_plugin_version" "latest" {
  plugin_sid = data.twilio_flex_plugin.queue_stats.sid
  latest     = true
}

# One version, found by its version string. Use sid = "FV..." to find it by SID instead.
data "twilio_flex_plugin_version" "stable" {
  plugin_sid = data.twilio_flex_plugin.queue_stats.sid
  version    = "1.4.0"
}

output "latest_bundle" {
  value = data.twilio_flex_plugin_version.latest.plugin_url
}
