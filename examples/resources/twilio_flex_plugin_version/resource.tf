data "twilio_flex_plugin" "queue_stats" {
  unique_name = "plugin-queue-stats"
}

resource "twilio_flex_plugin_version" "example" {
  plugin_sid      = data.twilio_flex_plugin.queue_stats.sid
  version         = "1.4.0"
  plugin_url      = "https://assets.example.com/plugin-queue-stats/1.4.0/bundle.js"
  changelog       = "Shows the longest waiting task in each queue."
  private         = true
  cli_version     = "7.1.0"
  validate_status = "success"
}
