# A plugin version is imported by its plugin SID and its own SID, joined by a slash.
terraform import twilio_flex_plugin_version.example FPxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx/FVxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx
