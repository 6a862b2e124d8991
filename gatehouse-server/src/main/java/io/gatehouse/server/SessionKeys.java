package io.gatehouse.server;

import io.gatehouse.core.Secret;
import io.gatehouse.gateway.SessionSealer;
import io.gatehouse.server.config.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;

/**
 * The key that seals session ids. Replicas that share it can serve each other's sessions: set
 * {@code sessions.key} on all of them, or let a single process keep one in its data directory.
 */
final class SessionKeys {
  static final String FILE = "session.key";

  private SessionKeys() {}

  static byte[] load(Secret configured, Path dataDir) {
    if (configured != null) {
      return decode(configured.reveal(), "sessions.key");
    }
    Path file = dataDir.resolve(FILE);
    try {
      if (!Files.exists(file)) {
        create(file);
      }
      return decode(Files.readString(file, StandardCharsets.US_ASCII).trim(), file.toString());
    } catch (IOException e) {
      throw new ConfigException(
          "data-dir: cannot keep the session key in " + file + ": " + e.getMessage(), e);
    }
  }

  private static void create(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    String key = Base64.getEncoder().encodeToString(SessionSealer.generateKey());
    try {
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (FileAlreadyExistsException raced) {
      return;
    } catch (UnsupportedOperationException noPosix) {
      Files.createFile(file);
    }
    Files.writeString(
        file, key + "\n", StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
  }

  private static byte[] decode(String base64, String where) {
    try {
      byte[] key = Base64.getDecoder().decode(base64);
      if (key.length != SessionSealer.KEY_BYTES) {
        throw new IllegalArgumentException();
      }
      return key;
    } catch (IllegalArgumentException e) {
      throw new ConfigException(
          where
              + ": not a session key (expected: base64 of "
              + SessionSealer.KEY_BYTES
              + " random bytes, e.g. from 'openssl rand -base64 32')");
    }
  }
}
