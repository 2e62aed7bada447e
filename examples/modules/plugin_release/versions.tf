terraform {
  required_version = ">= 1.5"

  required_providers {
    twilio = {
      source = "flexplugins/twilio"
    }
  }
}
