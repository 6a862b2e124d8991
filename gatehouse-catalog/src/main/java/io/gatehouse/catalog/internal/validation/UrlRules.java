package io.gatehouse.catalog.internal.validation;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * URL checks. The public registry demands https and a public host; a private catalog registers
 * internal servers, so plain http and private, loopback or single-label hosts are allowed with a
 * warning.
 */
final class UrlRules {
  private static final Pattern IPV4 = Pattern.compile("^\\d{1,3}(\\.\\d{1,3}){3}$");

  private UrlRules() {}

  static boolean isAbsoluteHttpUrl(String value) {
    URI uri = parse(value);
    return uri != null
        && uri.getHost() != null
        && ("https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme()));
  }

  static URI parse(String value) {
    try {
      return new URI(value);
    } catch (URISyntaxException e) {
      return null;
    }
  }

  static void website(String url, Problems p) {
    if (url != null) {
      httpUrl(url, "websiteUrl", "website-url-invalid", p);
    }
  }

  /** An absolute http(s) URL; http and private hosts warn. Returns whether it is usable. */
  static boolean httpUrl(String url, String field, String rule, Problems p) {
    if (!isAbsoluteHttpUrl(url)) {
      p.error(field, rule, "'" + url + "' (expected: an absolute https URL)");
      return false;
    }
    URI uri = parse(url);
    if ("http".equalsIgnoreCase(uri.getScheme())) {
      p.warn(
          field,
          "url-not-https",
          "'" + url + "' uses plain http; the public registry requires https");
    }
    privateHost(uri.getHost(), field, p);
    return true;
  }

  static void privateHost(String host, String field, Problems p) {
    if (host != null && isPrivate(host)) {
      p.warn(
          field,
          "private-host",
          "host '"
              + host
              + "' is private or local: fine in this catalog, refused by"
              + " the public registry");
    }
  }

  static boolean isPrivate(String rawHost) {
    String host = rawHost.toLowerCase(Locale.ROOT).replaceAll("^\\[|]$", "");
    if (host.equals("localhost")
        || host.endsWith(".localhost")
        || host.endsWith(".local")
        || host.endsWith(".internal")
        || !host.contains(".") && !host.contains(":")) {
      return true;
    }
    if (!IPV4.matcher(host).matches() && !host.contains(":")) {
      return false;
    }
    try {
      InetAddress a = InetAddress.getByName(host);
      byte[] b = a.getAddress();
      boolean cgnat = b.length == 4 && (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64;
      boolean uniqueLocal = b.length == 16 && (b[0] & 0xfe) == 0xfc;
      return a.isLoopbackAddress()
          || a.isSiteLocalAddress()
          || a.isLinkLocalAddress()
          || a.isAnyLocalAddress()
          || a.isMulticastAddress()
          || cgnat
          || uniqueLocal;
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
