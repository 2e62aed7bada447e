# Look a plugin up by the unique name given to the Flex Plugins CLI...
data "twilio_flex_plugin" "by_name" {
  unique_name = "plugin-queue-stats"
}

# ...or by its SID.
data "twilio_flex_plugin" "by_sid" {
  sid = "FP0123456789abcdef0123456789abcdef"
}

output "plugin_sid" {
  value = data.twilio_flex_plugin.by_name.sid
}
