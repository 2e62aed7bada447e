variable "plugin_sid" {
  type        = string
  description = "SID (FP...) of the Flex plugin to release a version of."

  validation {
    condition     = can(regex("^FP[0-9a-fA-F]{32}$", var.plugin_sid))
    error_message = "The plugin_sid must be FP followed by 32 hexadecimal characters."
  }
}

variable "plugin_version" {
  type        = string
  description = "Version string to release, such as 1.4.0. Each new value deploys a new plugin version."
}

variable "plugin_url" {
  type        = string
  description = "https:// URL of the plugin's JavaScript bundle for this version."

  validation {
    condition     = startswith(var.plugin_url, "https://")
    error_message = "The plugin_url must be an https:// URL."
  }
}

variable "changelog" {
  type        = string
  description = "What changed in this version."
  default     = null
}
