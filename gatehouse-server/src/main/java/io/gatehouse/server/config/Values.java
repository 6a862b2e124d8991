package io.gatehouse.server.config;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses durations ({@code 15s}, {@code 10m}, {@code PT10M}), sizes ({@code 4MiB}, {@code 512KiB},
 * {@code 1000}) and switches ({@code true}, {@code false}).
 */
final class Values {
  private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(b|kb|kib|mb|mib|gb|gib)?");

  private Values() {}

  static Duration duration(String key, String value, Duration fallback) {
    if (value == null || value.isBlank()) {
      return fallback;
    }
    Duration d = io.gatehouse.policy.traffic.Fields.parseDuration(value);
    if (d == null) {
      throw new ConfigException(
          key + ": '" + value + "' (expected: a duration such as 500ms, 15s, 10m, 2h or PT10M)");
    }
    return d;
  }

  static int size(String key, String value, int fallback) {
    if (value == null || value.isBlank()) {
      return fallback;
    }
    Matcher m = SIZE.matcher(value.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new ConfigException(
          key + ": '" + value + "' (expected: a size such as 1048576, 512KiB or 4MiB)");
    }
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "b" : m.group(2);
    long bytes =
        switch (unit) {
          case "kb" -> n * 1000;
          case "kib" -> n * 1024;
          case "mb" -> n * 1000_000;
          case "mib" -> n * 1024 * 1024;
          case "gb" -> n * 1000_000_000;
          case "gib" -> n * 1024L * 1024 * 1024;
          default -> n;
        };
    if (bytes <= 0 || bytes > Integer.MAX_VALUE - 16) {
      throw new ConfigException(
          key + ": '" + value + "' (expected: more than 0 and less than 2GiB)");
    }
    return (int) bytes;
  }

  static boolean bool(String key, String value, boolean fallback) {
    if (value == null || value.isBlank()) {
      return fallback;
    }
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new ConfigException(key + ": '" + value + "' (expected: true or false)");
    };
  }

  static int port(String key, String value) {
    try {
      int p = Integer.parseInt(value.trim());
      if (p < 0 || p > 65535) {
        throw new NumberFormatException();
      }
      return p;
    } catch (NumberFormatException e) {
      throw new ConfigException(
          key + ": '" + value + "' (expected: a port from 0 to 65535; 0 picks a free one)");
    }
  }

  /** A count from 0 to {@code max}; {@code fallback} when absent. */
  static int count(String key, String value, int fallback, int max) {
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(value.trim());
      if (n < 0 || n > max) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new ConfigException(
          key + ": '" + value + "' (expected: a whole number from 0 to " + max + ")");
    }
  }
}
