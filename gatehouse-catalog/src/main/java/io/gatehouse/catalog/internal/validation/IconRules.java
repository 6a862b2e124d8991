package io.gatehouse.catalog.internal.validation;

import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * {@code icons[]}: an https source, and optionally a MIME type, sizes and a theme from fixed sets.
 */
final class IconRules {
  private static final Set<String> MIME_TYPES =
      Set.of("image/png", "image/jpeg", "image/jpg", "image/svg+xml", "image/webp");
  private static final Set<String> THEMES = Set.of("light", "dark");
  private static final Pattern SIZE = Pattern.compile("^(\\d+x\\d+|any)$");

  private IconRules() {}

  static void check(JsonNode icons, Problems p) {
    for (int i = 0; icons != null && i < icons.size(); i++) {
      String at = "icons[" + i + "]";
      JsonNode icon = icons.get(i);
      if (!icon.isObject()) {
        p.error(at, "invalid-type", Problems.describe(icon) + " (expected: an object with src)");
        continue;
      }
      String src = p.string(icon, "src", at + ".src", true);
      if (src != null) {
        p.length(src, at + ".src", 1, 255);
        UrlRules.httpUrl(src, at + ".src", "icon-src-invalid-scheme", p);
      }
      p.oneOf(p.string(icon, "mimeType", at + ".mimeType", false), at + ".mimeType", MIME_TYPES);
      p.oneOf(p.string(icon, "theme", at + ".theme", false), at + ".theme", THEMES);
      sizes(p.array(icon, "sizes", at + ".sizes"), at + ".sizes", p);
    }
  }

  private static void sizes(JsonNode sizes, String field, Problems p) {
    for (int i = 0; sizes != null && i < sizes.size(); i++) {
      JsonNode size = sizes.get(i);
      if (!size.isString() || !SIZE.matcher(size.stringValue()).matches()) {
        p.error(
            field + "[" + i + "]",
            "invalid-icon-size",
            Problems.describe(size) + " (expected: WIDTHxHEIGHT such as 48x48, or any)");
      }
    }
  }
}
