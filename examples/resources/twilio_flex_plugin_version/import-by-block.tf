# The import ID is "<plugin_sid>/<sid>".
import {
  to = twilio_flex_plugin_version.example
  id = "FPxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx/FVxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
}
