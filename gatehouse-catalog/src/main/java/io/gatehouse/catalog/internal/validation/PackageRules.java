package io.gatehouse.catalog.internal.validation;

import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * {@code packages[]}: the registry type decides what is required (npm, PyPI and NuGet need a
 * version; an MCPB bundle needs a download URL and its SHA-256), and the transport says how a
 * client talks to it.
 */
final class PackageRules {
  private static final Set<String> REGISTRY_TYPES = Set.of("npm", "pypi", "nuget", "oci", "mcpb");
  private static final Set<String> VERSIONED = Set.of("npm", "pypi", "nuget");
  private static final Pattern SHA256 = Pattern.compile("^[a-f0-9]{64}$");

  private PackageRules() {}

  static void check(JsonNode packages, Problems p) {
    for (int i = 0; packages != null && i < packages.size(); i++) {
      String at = "packages[" + i + "]";
      if (InputRules.object(packages.get(i), at, p)) {
        one(packages.get(i), at, p);
      }
    }
  }

  private static void one(JsonNode pkg, String at, Problems p) {
    String type = p.string(pkg, "registryType", at + ".registryType", true);
    p.oneOf(type, at + ".registryType", REGISTRY_TYPES);
    identifier(pkg, type, at, p);
    String version = p.string(pkg, "version", at + ".version", VERSIONED.contains(type));
    VersionRules.packageVersion(version, at + ".version", p);
    String base = p.string(pkg, "registryBaseUrl", at + ".registryBaseUrl", false);
    if (base != null) {
      UrlRules.httpUrl(base, at + ".registryBaseUrl", "invalid-registry-base-url", p);
    }
    String sha = p.string(pkg, "fileSha256", at + ".fileSha256", "mcpb".equals(type));
    if (sha != null && !SHA256.matcher(sha).matches()) {
      p.error(
          at + ".fileSha256",
          "invalid-file-sha256",
          "'" + sha + "' (expected: 64 lowercase hex digits)");
    }
    p.string(pkg, "runtimeHint", at + ".runtimeHint", false);
    TransportRules.local(p.object(pkg, "transport", at + ".transport", true), at + ".transport", p);
    InputRules.arguments(
        p.array(pkg, "runtimeArguments", at + ".runtimeArguments"), at + ".runtimeArguments", p);
    InputRules.arguments(
        p.array(pkg, "packageArguments", at + ".packageArguments"), at + ".packageArguments", p);
    InputRules.keyValues(
        p.array(pkg, "environmentVariables", at + ".environmentVariables"),
        at + ".environmentVariables",
        p);
  }

  private static void identifier(JsonNode pkg, String type, String at, Problems p) {
    String id = p.string(pkg, "identifier", at + ".identifier", true);
    if (id == null) {
      return;
    }
    if (id.isBlank() || id.chars().anyMatch(Character::isWhitespace)) {
      p.error(
          at + ".identifier",
          "invalid-package-identifier",
          "'" + id + "' (expected: a package name without spaces)");
    } else if ("mcpb".equals(type)) {
      UrlRules.httpUrl(id, at + ".identifier", "invalid-package-identifier", p);
    }
  }
}
