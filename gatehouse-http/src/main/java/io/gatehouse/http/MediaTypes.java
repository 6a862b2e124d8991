package io.gatehouse.http;

import java.util.Locale;

/**
 * Reading {@code Content-Type} and {@code Accept} values the way HTTP defines them (RFC 9110
 * §8.3.1).
 */
public final class MediaTypes {
  private MediaTypes() {}

  /**
   * The media type of a {@code Content-Type} value without its parameters, lower-cased: {@code
   * "Application/JSON; charset=utf-8"} → {@code "application/json"}; null → {@code ""}.
   */
  public static String essence(String contentType) {
    if (contentType == null) {
      return "";
    }
    int semi = contentType.indexOf(';');
    return (semi < 0 ? contentType : contentType.substring(0, semi))
        .trim()
        .toLowerCase(Locale.ROOT);
  }
}
