terraform {
  required_providers {
    twilio = {
      source = "flexplugins/twilio"
    }
  }
}

# Account SID and auth token. Leave both arguments out to read them from the
# TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN environment variables instead.
variable "twilio_account_sid" {
  type        = string
  description = "Twilio account SID (AC...)."
}

variable "twilio_auth_token" {
  type        = string
  description = "Auth token of the account."
  sensitive   = true
}

provider "twilio" {
  account_sid = var.twilio_account_sid
  auth_token  = var.twilio_auth_token
}
