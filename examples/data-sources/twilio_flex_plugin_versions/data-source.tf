data "twilio_flex_plugin" "queue_stats" {
  unique_name = "plugin-queue-stats"
}

# Every 1.x version that is still in use.
data "twilio_flex_plugin_versions" "v1" {
  plugin_sid       = data.twilio_flex_plugin.queue_stats.sid
  include_archived = false
  version_prefix   = "1."
}

output "v1_versions" {
  value = [for v in data.twilio_flex_plugin_versions.v1.plugin_versions : v.version]
}
