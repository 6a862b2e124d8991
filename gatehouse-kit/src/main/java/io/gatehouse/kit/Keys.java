package io.gatehouse.kit;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Where a server's keys come from: an environment variable (keys separated by commas), a file (one
 * key per line; blank lines and lines starting with {@code #} are skipped) or given in code. They
 * are read when the server starts, so {@code publish} needs none. Only their SHA-256 digests are
 * kept, and a presented key is compared with every digest in constant time. A key is never printed:
 * {@link #toString()} names only the source.
 */
public final class Keys {
  /** The shortest key accepted, in characters. */
  public static final int MIN_LENGTH = 16;

  private final String source;
  private final Supplier<List<String>> reader;

  private Keys(String source, Supplier<List<String>> reader) {
    this.source = source;
    this.reader = reader;
  }

  /** Keys from the environment variable {@code name}, separated by commas. */
  public static Keys fromEnv(String name) {
    return fromEnv(name, System.getenv());
  }

  static Keys fromEnv(String name, Map<String, String> environment) {
    requireNonNull(name, "name");
    String source = "environment variable " + name;
    return new Keys(
        source,
        () -> {
          String value = environment.get(name);
          return value == null ? List.of() : Arrays.asList(value.split(","));
        });
  }

  /** Keys from a file, one per line. */
  public static Keys fromFile(Path file) {
    requireNonNull(file, "file");
    String source = "file " + file;
    return new Keys(
        source,
        () -> {
          try {
            return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                .filter(line -> !line.strip().startsWith("#"))
                .toList();
          } catch (IOException e) {
            throw new KitException(
                KitErrors.KEYS_MISSING,
                "keys file " + file + ": cannot be read (" + e.getClass().getSimpleName() + ")");
          }
        });
  }

  /** Keys given in code, for tests and for keys the application reads itself. */
  public static Keys of(String... keys) {
    List<String> copy = List.of(keys);
    return new Keys(copy.size() + " keys given in code", () -> copy);
  }

  /**
   * Reads the keys and keeps their digests.
   *
   * @throws KitException {@code KEYS_MISSING} when there is none, {@code KEY_TOO_SHORT} when one is
   *     shorter than {@value #MIN_LENGTH} characters
   */
  Verifier load() {
    List<byte[]> digests = new ArrayList<>();
    int line = 0;
    for (String raw : reader.get()) {
      line++;
      String key = raw.strip();
      if (key.isEmpty()) {
        continue;
      }
      if (key.length() < MIN_LENGTH) {
        throw new KitException(
            KitErrors.KEY_TOO_SHORT,
            source
                + ": key "
                + line
                + " has "
                + key.length()
                + " characters (expected: at least "
                + MIN_LENGTH
                + ")");
      }
      digests.add(sha256(key));
    }
    if (digests.isEmpty()) {
      throw new KitException(KitErrors.KEYS_MISSING, source + ": no key (expected: at least one)");
    }
    return new Verifier(List.copyOf(digests));
  }

  @Override
  public String toString() {
    return "Keys[" + source + "]";
  }

  /** The loaded keys' digests. */
  static final class Verifier {
    private final List<byte[]> digests;

    private Verifier(List<byte[]> digests) {
      this.digests = digests;
    }

    /**
     * Whether {@code presented} is one of the keys. Every digest is compared, each in constant time
     * ({@link MessageDigest#isEqual}), so the answer's timing tells nothing about which key, or how
     * much of one, matched.
     */
    boolean accepts(String presented) {
      if (presented == null || presented.isEmpty()) {
        return false;
      }
      byte[] digest = sha256(presented.strip());
      boolean match = false;
      for (byte[] known : digests) {
        match |= MessageDigest.isEqual(known, digest);
      }
      return match;
    }

    int size() {
      return digests.size();
    }
  }

  private static byte[] sha256(String key) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
