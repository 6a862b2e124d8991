package io.gatehouse.http.internal;

/**
 * The path and query of a request target. Runs of slashes are collapsed, so {@code //v0.1/servers}
 * (what a registry URL configured with a trailing slash produces) is {@code /v0.1/servers}; dot
 * segments are left for the services, which never resolve paths against a file system. An
 * absolute-form target ({@code http://host/path}) is reduced to its path.
 */
final class Paths {
  record Target(String path, String query) {}

  private Paths() {}

  static Target split(String uri) {
    String u = uri;
    if (u.startsWith("http://") || u.startsWith("https://")) {
      int slash = u.indexOf('/', u.indexOf("//") + 2);
      u = slash < 0 ? "/" : u.substring(slash);
    }
    int hash = u.indexOf('#');
    if (hash >= 0) {
      u = u.substring(0, hash);
    }
    int q = u.indexOf('?');
    String path = q < 0 ? u : u.substring(0, q);
    String query = q < 0 ? null : u.substring(q + 1);
    return new Target(collapse(path), query);
  }

  static String collapse(String path) {
    if (!path.startsWith("/")) {
      path = "/" + path;
    }
    if (!path.contains("//")) {
      return path;
    }
    StringBuilder sb = new StringBuilder(path.length());
    char prev = 0;
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c != '/' || prev != '/') {
        sb.append(c);
      }
      prev = c;
    }
    return sb.toString();
  }
}
