# An API key and its secret, which can be revoked without changing the auth token.
# Leave both arguments out to read them from the TWILIO_API_KEY and TWILIO_API_SECRET
# environment variables instead.
variable "twilio_api_key" {
  type        = string
  description = "API key SID (SK...)."
}

variable "twilio_api_secret" {
  type        = string
  description = "Secret of the API key."
  sensitive   = true
}

provider "twilio" {
  api_key    = var.twilio_api_key
  api_secret = var.twilio_api_secret
}
