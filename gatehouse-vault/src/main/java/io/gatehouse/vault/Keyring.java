package io.gatehouse.vault;

import io.gatehouse.vault.internal.Aead;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The master keys, by id; the first is the primary, which wraps new data keys. They come from
 * {@code GATEHOUSE_MASTER_KEY} ({@code BASE64}, or {@code ID:BASE64,ID:BASE64} with the primary
 * first) or from a key file (one {@code ID BASE64} per line, primary first, mode 0600), which is
 * generated on first start in the embedded mode. A rotation puts a new key first and keeps the old
 * ones until nothing is wrapped by them. Keys are never printed: {@link #toString} names ids only.
 */
public final class Keyring {
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,32}");
  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rw-------");

  private volatile Map<String, byte[]> keys;
  private final Path file;
  private volatile java.nio.file.attribute.FileTime readAt;

  private Keyring(Map<String, byte[]> keys, Path file) {
    this.keys = keys;
    this.file = file;
    this.readAt = file == null ? null : modified(file);
  }

  /**
   * The keys of {@code GATEHOUSE_MASTER_KEY}.
   *
   * @throws VaultException naming what is wrong, never the value
   */
  public static Keyring fromSpec(String spec) {
    Map<String, byte[]> out = new LinkedHashMap<>();
    String s = spec == null ? "" : spec.trim();
    if (!s.contains(":")) {
      byte[] k = decode(s, "GATEHOUSE_MASTER_KEY");
      out.put("env-" + HexFormat.of().formatHex(sha256(k), 0, 4), k);
    } else {
      for (String part : s.split(",")) {
        int colon = part.indexOf(':');
        String id = colon < 0 ? "" : part.substring(0, colon).trim();
        if (!ID.matcher(id).matches()) {
          throw invalid("GATEHOUSE_MASTER_KEY: a key id must be 1 to 32 letters, digits, _ or -");
        }
        if (out.put(id, decode(part.substring(colon + 1).trim(), "GATEHOUSE_MASTER_KEY " + id))
            != null) {
          throw invalid("GATEHOUSE_MASTER_KEY: key id " + id + " appears twice");
        }
      }
    }
    return new Keyring(out, null);
  }

  /**
   * The keys of a key file; with {@code create}, a missing file is made with one new key, readable
   * by this user only.
   *
   * @throws VaultException when the file is unreadable, malformed, or readable by others
   */
  public static Keyring fromFile(Path file, boolean create) {
    if (create && !Files.exists(file)) {
      try {
        Files.createDirectories(file.toAbsolutePath().getParent());
        locked(
            file,
            () -> {
              if (!Files.exists(file)) { // another process may have made it meanwhile
                write(file, List.of(Map.entry(newId(), Aead.newKey())));
              }
            });
      } catch (IOException e) {
        throw invalid("vault key file " + file + ": cannot create it (" + e.getMessage() + ")");
      }
    }
    return new Keyring(read(file), file);
  }

  /** The primary key's id and bytes, from one reading of the keys. */
  record Primary(String id, byte[] key) {}

  /**
   * The primary key's id. A key file changed since it was read (a rotation by another process) is
   * read again first, so new data keys are wrapped by the new primary everywhere.
   */
  public String primaryId() {
    if (file != null && !java.util.Objects.equals(modified(file), readAt)) {
      reload();
    }
    return keys.keySet().iterator().next();
  }

  private synchronized void reload() {
    java.nio.file.attribute.FileTime at = modified(file);
    keys = read(file);
    readAt = at;
  }

  private static java.nio.file.attribute.FileTime modified(Path file) {
    try {
      return Files.getLastModifiedTime(file);
    } catch (IOException e) {
      return null;
    }
  }

  public List<String> ids() {
    return List.copyOf(keys.keySet());
  }

  /** Where the keys come from: the key file, or null for {@code GATEHOUSE_MASTER_KEY}. */
  public Path file() {
    return file;
  }

  /** The primary key and its id together, so a rotation in between cannot pair them wrongly. */
  Primary primary() {
    primaryId(); // reads the file again if it changed
    Map.Entry<String, byte[]> first = keys.entrySet().iterator().next();
    return new Primary(first.getKey(), first.getValue());
  }

  /**
   * The key with {@code id}, or null. A key file is read again once when it lacks the id, so a
   * process started before a rotation learns the new key without a restart.
   */
  synchronized byte[] key(String id) {
    byte[] k = keys.get(id);
    if (k == null && file != null) {
      reload();
      k = keys.get(id);
    }
    return k;
  }

  /** A new primary key, written first into the key file; the old keys stay after it. */
  public Keyring rotate() {
    requireFile("rotate");
    try {
      locked(
          file,
          () -> {
            List<Map.Entry<String, byte[]>> next = new ArrayList<>();
            next.add(Map.entry(newId(), Aead.newKey()));
            next.addAll(read(file).entrySet());
            write(file, next);
          });
    } catch (IOException e) {
      throw invalid("vault key file " + file + ": cannot write it (" + e.getMessage() + ")");
    }
    // read back from disk: what is re-wrapped under is what the file holds
    return new Keyring(read(file), file);
  }

  /** The key file without key {@code id}, which must not be the primary. */
  public Keyring retire(String id) {
    requireFile("retire");
    Map<String, byte[]> now = read(file);
    if (!now.containsKey(id)) {
      throw invalid(
          "vault key file " + file + " has no key " + id + " (it has " + now.keySet() + ")");
    }
    if (id.equals(now.keySet().iterator().next())) {
      throw invalid("key " + id + " is the primary key; rotate first, then retire the old one");
    }
    try {
      locked(
          file,
          () -> {
            List<Map.Entry<String, byte[]>> rest = new ArrayList<>();
            read(file)
                .forEach(
                    (k, v) -> {
                      if (!k.equals(id)) {
                        rest.add(Map.entry(k, v));
                      }
                    });
            write(file, rest);
          });
    } catch (IOException e) {
      throw invalid("vault key file " + file + ": cannot write it (" + e.getMessage() + ")");
    }
    return new Keyring(read(file), file);
  }

  @Override
  public String toString() {
    return "Keyring"
        + keys.keySet()
        + (file == null ? " from GATEHOUSE_MASTER_KEY" : " from " + file);
  }

  private void requireFile(String what) {
    if (file == null) {
      throw invalid(
          "the master keys come from GATEHOUSE_MASTER_KEY, which Gatehouse cannot "
              + what
              + ": put the new key first in it (NEW:BASE64,OLD:BASE64) on every replica, then run"
              + " gatehouse vault rewrap");
    }
  }

  private static Map<String, byte[]> read(Path file) {
    try {
      if (!java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
        // no POSIX permissions to check on this file system
      } else if (!OWNER_ONLY.containsAll(Files.getPosixFilePermissions(file))) {
        throw invalid(
            "vault key file "
                + file
                + " is readable by others (mode "
                + PosixFilePermissions.toString(Files.getPosixFilePermissions(file))
                + "): chmod 600 it");
      }
      Map<String, byte[]> out = new LinkedHashMap<>();
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i).trim();
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        String[] parts = line.split("\\s+");
        if (parts.length != 2 || !ID.matcher(parts[0]).matches()) {
          throw invalid("vault key file " + file + " line " + (i + 1) + ": expected 'ID BASE64'");
        }
        out.put(parts[0], decode(parts[1], "vault key file " + file + " line " + (i + 1)));
      }
      if (out.isEmpty()) {
        throw invalid("vault key file " + file + " holds no key");
      }
      return out;
    } catch (IOException e) {
      throw invalid("vault key file " + file + ": cannot read it (" + e.getMessage() + ")");
    }
  }

  @FunctionalInterface
  private interface FileWork {
    void run() throws IOException;
  }

  /** One monitor per key file: file locks exclude other processes, not other threads. */
  private static final Map<Path, Object> MONITORS = new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * Runs {@code work} holding an exclusive lock on the key file's sibling {@code .lock}, against
   * other processes and other threads alike.
   */
  private static void locked(Path file, FileWork work) throws IOException {
    Path lock = file.toAbsolutePath().normalize().resolveSibling(file.getFileName() + ".lock");
    synchronized (MONITORS.computeIfAbsent(lock, p -> new Object())) {
      try (FileChannel ch =
              FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock l = ch.lock()) {
        work.run();
      }
    }
  }

  /**
   * Writes the keys with mode 0600: into a new temporary file of the same directory, forced to
   * disk, then moved over the key file atomically and the directory forced too, so a reader sees
   * the old file or the new one, never a part, and a crash leaves one of them. Callers hold the
   * lock.
   */
  private static void write(Path file, List<Map.Entry<String, byte[]>> keys) throws IOException {
    StringBuilder text =
        new StringBuilder(
            "# Gatehouse master keys: the first wraps new data keys. Keep this file secret.\n");
    keys.forEach(
        e ->
            text.append(e.getKey())
                .append(' ')
                .append(Base64.getEncoder().encodeToString(e.getValue()))
                .append('\n'));
    Path dir = file.toAbsolutePath().getParent();
    boolean posix =
        java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    Path temp =
        posix
            ? Files.createTempFile(
                dir,
                file.getFileName() + ".",
                ".tmp",
                PosixFilePermissions.asFileAttribute(OWNER_ONLY))
            : Files.createTempFile(dir, file.getFileName() + ".", ".tmp");
    try {
      try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        ch.write(java.nio.ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8)));
        ch.force(true);
      }
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temp);
    }
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException notSupported) {
      // some file systems cannot force a directory; the move itself is atomic
    }
  }

  private static String newId() {
    byte[] r = new byte[2];
    new SecureRandom().nextBytes(r);
    return "mk-"
        + LocalDate.now(ZoneOffset.UTC).format(DateTimeFormatter.BASIC_ISO_DATE)
        + "-"
        + HexFormat.of().formatHex(r);
  }

  private static byte[] decode(String base64, String where) {
    byte[] k;
    try {
      k = Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw invalid(where + ": not base64");
    }
    if (k.length != Aead.KEY_BYTES) {
      throw invalid(
          where
              + ": a master key is "
              + Aead.KEY_BYTES
              + " random bytes in base64 (openssl rand -base64 32); this one is "
              + k.length);
    }
    return k;
  }

  static byte[] sha256(byte[] b) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(b);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static VaultException invalid(String message) {
    return new VaultException(VaultErrors.VAULT_LOCKED, message);
  }
}
