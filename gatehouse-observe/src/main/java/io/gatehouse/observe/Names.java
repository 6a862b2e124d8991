package io.gatehouse.observe;

/** What the observability records keep of the names a caller sends. */
public final class Names {
  private Names() {}

  /**
   * A resource URI (or any name) without its query and fragment, where a caller may have put a
   * credential ({@code ?token=...}).
   */
  public static String withoutQuery(String uri) {
    int cut = uri.length();
    int q = uri.indexOf('?');
    int f = uri.indexOf('#');
    if (q >= 0) {
      cut = q;
    }
    if (f >= 0 && f < cut) {
      cut = f;
    }
    return uri.substring(0, cut);
  }
}
