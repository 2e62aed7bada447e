package main

import (
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// The Terraform Registry accepts a release only in this layout, so these names are fixed.
const (
	manifestFile         = "terraform-registry-manifest.json"
	wantProjectName      = "terraform-provider-twilio"
	wantArchiveName      = "{{ .ProjectName }}_{{ .Version }}_{{ .Os }}_{{ .Arch }}"
	wantChecksumName     = "{{ .ProjectName }}_{{ .Version }}_SHA256SUMS"
	wantManifestName     = "{{ .ProjectName }}_{{ .Version }}_manifest.json"
	wantBinaryName       = "{{ .ProjectName }}_v{{ .Version }}"
	wantVersionLDFlag    = "-X main.version={{ .Version }}"
	wantSigningKeyArgTpl = "{{ .Env.GPG_FINGERPRINT }}"
)

// The -X linker flag can only set a package-level string variable; this fails to compile
// if main.version stops being one.
var _ *string = &version

// releaseConfig is the part of .goreleaser.yml that the registry layout depends on.
type releaseConfig struct {
	Version     int    `yaml:"version"`
	ProjectName string `yaml:"project_name"`
	Builds      []struct {
		Env     []string `yaml:"env"`
		Flags   []string `yaml:"flags"`
		LDFlags []string `yaml:"ldflags"`
		GOOS    []string `yaml:"goos"`
		GOARCH  []string `yaml:"goarch"`
		Binary  string   `yaml:"binary"`
	} `yaml:"builds"`
	Archives []struct {
		Format       string   `yaml:"format"`
		Formats      []string `yaml:"formats"`
		NameTemplate string   `yaml:"name_template"`
	} `yaml:"archives"`
	Checksum struct {
		NameTemplate string      `yaml:"name_template"`
		Algorithm    string      `yaml:"algorithm"`
		ExtraFiles   []extraFile `yaml:"extra_files"`
	} `yaml:"checksum"`
	Signs []struct {
		Artifacts string   `yaml:"artifacts"`
		Args      []string `yaml:"args"`
	} `yaml:"signs"`
	Release struct {
		ExtraFiles []extraFile `yaml:"extra_files"`
	} `yaml:"release"`
}

type extraFile struct {
	Glob         string `yaml:"glob"`
	NameTemplate string `yaml:"name_template"`
}

func loadReleaseConfig(t *testing.T) releaseConfig {
	t.Helper()
	raw, err := os.ReadFile(".goreleaser.yml")
	if err != nil {
		t.Fatalf("reading .goreleaser.yml: %v", err)
	}
	var cfg releaseConfig
	if err := yaml.Unmarshal(raw, &cfg); err != nil {
		t.Fatalf("parsing .goreleaser.yml: %v", err)
	}
	if cfg.Version != 2 {
		t.Fatalf(".goreleaser.yml version = %d, want 2", cfg.Version)
	}
	// The project name is part of every artifact name; without it GoReleaser would take
	// the name of whatever directory the repository was cloned into.
	if cfg.ProjectName != wantProjectName {
		t.Fatalf("project_name = %q, want %q", cfg.ProjectName, wantProjectName)
	}
	return cfg
}

func TestReleaseBuildsEveryPlatform(t *testing.T) {
	cfg := loadReleaseConfig(t)
	if len(cfg.Builds) != 1 {
		t.Fatalf("got %d builds, want exactly one provider build", len(cfg.Builds))
	}
	b := cfg.Builds[0]

	assertSameSet(t, "goos", b.GOOS, []string{"linux", "darwin", "windows", "freebsd"})
	assertSameSet(t, "goarch", b.GOARCH, []string{"amd64", "arm64"})
	assertContains(t, "env", b.Env, "CGO_ENABLED=0")
	assertContains(t, "flags", b.Flags, "-trimpath")
	// One ldflags entry may hold several flags, so look for the phrase as whole words.
	if !slices.ContainsFunc(b.LDFlags, func(f string) bool {
		return strings.Contains(" "+f+" ", " "+wantVersionLDFlag+" ")
	}) {
		t.Errorf("ldflags %q do not stamp %q", b.LDFlags, wantVersionLDFlag)
	}
	if b.Binary != wantBinaryName {
		t.Errorf("binary = %q, want %q", b.Binary, wantBinaryName)
	}
}

func TestReleaseArchivesAreZips(t *testing.T) {
	cfg := loadReleaseConfig(t)
	if len(cfg.Archives) == 0 {
		t.Fatal("no archives configured; the registry needs one zip per platform")
	}
	for i, a := range cfg.Archives {
		formats := a.Formats
		if a.Format != "" {
			formats = append(formats, a.Format)
		}
		if !slices.Equal(formats, []string{"zip"}) {
			t.Errorf("archives[%d] formats = %q, want only zip", i, formats)
		}
		if a.NameTemplate != wantArchiveName {
			t.Errorf("archives[%d] name_template = %q, want %q", i, a.NameTemplate, wantArchiveName)
		}
	}
}

func TestReleaseChecksumIsSignedSHA256Sums(t *testing.T) {
	cfg := loadReleaseConfig(t)
	if cfg.Checksum.NameTemplate != wantChecksumName {
		t.Errorf("checksum name_template = %q, want %q", cfg.Checksum.NameTemplate, wantChecksumName)
	}
	if cfg.Checksum.Algorithm != "sha256" {
		t.Errorf("checksum algorithm = %q, want sha256", cfg.Checksum.Algorithm)
	}

	signed := false
	for _, s := range cfg.Signs {
		if s.Artifacts != "checksum" {
			continue
		}
		signed = true
		for _, arg := range []string{wantSigningKeyArgTpl, "--detach-sign", "${signature}",
			"${artifact}"} {
			assertContains(t, "checksum signing args", s.Args, arg)
		}
	}
	if !signed {
		t.Error("no signs entry with artifacts: checksum; the registry needs a signed SHA256SUMS")
	}
}

func TestReleaseShipsRegistryManifest(t *testing.T) {
	cfg := loadReleaseConfig(t)
	want := extraFile{Glob: manifestFile, NameTemplate: wantManifestName}
	if !slices.Contains(cfg.Checksum.ExtraFiles, want) {
		t.Errorf("checksum extra_files %+v do not include %+v", cfg.Checksum.ExtraFiles, want)
	}
	if !slices.Contains(cfg.Release.ExtraFiles, want) {
		t.Errorf("release extra_files %+v do not include %+v", cfg.Release.ExtraFiles, want)
	}

	raw, err := os.ReadFile(manifestFile)
	if err != nil {
		t.Fatalf("reading %s: %v", manifestFile, err)
	}
	var manifest struct {
		Version  int `json:"version"`
		Metadata struct {
			ProtocolVersions []string `json:"protocol_versions"`
		} `json:"metadata"`
	}
	if err := json.Unmarshal(raw, &manifest); err != nil {
		t.Fatalf("parsing %s: %v", manifestFile, err)
	}
	if manifest.Version != 1 {
		t.Errorf("manifest version = %d, want 1", manifest.Version)
	}
	// main.go serves plugin protocol 6, and the registry must advertise exactly that.
	if !slices.Equal(manifest.Metadata.ProtocolVersions, []string{"6.0"}) {
		t.Errorf("manifest protocol_versions = %q, want [\"6.0\"]", manifest.Metadata.ProtocolVersions)
	}
}

func assertSameSet(t *testing.T, name string, got, want []string) {
	t.Helper()
	g, w := slices.Clone(got), slices.Clone(want)
	slices.Sort(g)
	slices.Sort(w)
	if !slices.Equal(g, w) {
		t.Errorf("%s = %q, want %q", name, got, want)
	}
}

func assertContains(t *testing.T, name string, got []string, want string) {
	t.Helper()
	if !slices.Contains(got, want) {
		t.Errorf("%s %q do not include %q", name, got, want)
	}
}
