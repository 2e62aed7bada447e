package flexapi

// PluginVersion is a registered build of a Flex plugin: a JavaScript bundle URL
// under a version string that stays taken for the life of the plugin.
type PluginVersion struct {
	Sid         string `json:"sid"`
	AccountSid  string `json:"account_sid"`
	PluginSid   string `json:"plugin_sid"`
	Version     string `json:"version"`
	PluginURL   string `json:"plugin_url"`
	Changelog   string `json:"changelog"`
	Private     bool   `json:"private"`
	Archived    bool   `json:"archived"`
	Validated   bool   `json:"validated"`
	DateCreated string `json:"date_created"`
	URL         string `json:"url"`
}

// Plugin is a Flex plugin: the named container that plugin versions belong to.
type Plugin struct {
	Sid          string `json:"sid"`
	AccountSid   string `json:"account_sid"`
	UniqueName   string `json:"unique_name"`
	FriendlyName string `json:"friendly_name"`
	Description  string `json:"description"`
	Archived     bool   `json:"archived"`
	DateCreated  string `json:"date_created"`
	DateUpdated  string `json:"date_updated"`
	URL          string `json:"url"`
}

// CreatePluginVersionInput holds the form fields of a plugin version create.
// Empty strings and a nil Private are left out of the request.
type CreatePluginVersionInput struct {
	Version        string
	PluginURL      string
	Changelog      string
	Private        *bool
	CliVersion     string
	ValidateStatus string
}

// CreatePluginInput holds the form fields of a plugin create.
type CreatePluginInput struct {
	UniqueName   string
	FriendlyName string
	Description  string
}
