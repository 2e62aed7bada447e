# Releases one version of a Flex plugin. Plugin versions cannot be changed in place, so
# bumping var.plugin_version replaces the resource: the new version is created first,
# and the old one is archived only after that succeeded.
resource "twilio_flex_plugin_version" "this" {
  plugin_sid = var.plugin_sid
  version    = var.plugin_version
  plugin_url = var.plugin_url
  changelog  = var.changelog

  lifecycle {
    create_before_destroy = true
  }
}
