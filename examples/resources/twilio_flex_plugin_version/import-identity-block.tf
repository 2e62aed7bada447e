# Terraform 1.12 and later can import by the resource identity instead of an ID string.
import {
  to = twilio_flex_plugin_version.example
  identity = {
    plugin_sid = "FPxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
    sid        = "FVxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
  }
}
