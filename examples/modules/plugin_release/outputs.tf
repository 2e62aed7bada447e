output "sid" {
  description = "SID (FV...) of the plugin version this release created."
  value       = twilio_flex_plugin_version.this.sid
}
