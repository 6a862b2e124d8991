package io.gatehouse.catalog.internal.validation;

import java.net.URI;
import java.util.Locale;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * {@code repository}: a URL and a source. On the public forges (github.com, gitlab.com) the URL
 * must name a project; self-hosted forges are allowed, since private catalogs use them.
 */
final class RepositoryRules {
  private static final Pattern GITHUB =
      Pattern.compile("^https?://(www\\.)?github\\.com/[\\w.-]+/[\\w.-]+/?$");
  private static final Pattern GITLAB =
      Pattern.compile("^https?://(www\\.)?gitlab\\.com/[\\w.-]+(/[\\w.-]+)+/?$");

  private RepositoryRules() {}

  static void check(JsonNode repo, Problems p) {
    if (repo == null) {
      return;
    }
    String url = p.string(repo, "url", "repository.url", true);
    String source = p.string(repo, "source", "repository.source", true);
    p.string(repo, "id", "repository.id", false);
    if (url != null && !UrlRules.isAbsoluteHttpUrl(url)) {
      p.error(
          "repository.url",
          "invalid-repository-url",
          "'" + url + "' (expected: an absolute https URL)");
    } else if (url != null && source != null) {
      forge(url, source.toLowerCase(Locale.ROOT), p);
    }
    subfolder(p.string(repo, "subfolder", "repository.subfolder", false), p);
  }

  private static void forge(String url, String source, Problems p) {
    String host = URI.create(url).getHost().toLowerCase(Locale.ROOT).replaceFirst("^www\\.", "");
    Pattern expected =
        switch (source) {
          case "github" -> host.equals("github.com") ? GITHUB : null;
          case "gitlab" -> host.equals("gitlab.com") ? GITLAB : null;
          default -> null;
        };
    if (expected != null && !expected.matcher(url).matches()) {
      p.error(
          "repository.url",
          "invalid-repository-url",
          "'"
              + url
              + "' (expected: https://"
              + host
              + "/OWNER/REPOSITORY for source "
              + source
              + ")");
    }
  }

  private static void subfolder(String subfolder, Problems p) {
    if (subfolder == null) {
      return;
    }
    boolean clean =
        !subfolder.isEmpty()
            && !subfolder.startsWith("/")
            && !subfolder.contains("//")
            && !subfolder.contains("\\");
    for (String part : subfolder.split("/")) {
      clean &= !part.equals("..") && !part.equals(".");
    }
    if (!clean) {
      p.error(
          "repository.subfolder",
          "invalid-subfolder",
          "'"
              + subfolder
              + "' (expected: a clean relative path such as src/weather, without '..', '.' or '//')");
    }
  }
}
