package io.gatehouse.kit;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The version a server was built as, so {@code publish} never needs it typed: {@code version} from
 * a {@code build.properties} resource beside the anchor class (a Maven resource filtered with
 * {@code version=${project.version}}), else the jar manifest's {@code Implementation-Version}.
 */
public final class BuildVersion {
  private BuildVersion() {}

  /**
   * @throws KitException {@code VERSION_UNKNOWN} when neither is there
   */
  public static String of(Class<?> anchor) {
    requireNonNull(anchor, "anchor");
    try (InputStream in = anchor.getResourceAsStream("build.properties")) {
      if (in != null) {
        Properties p = new Properties();
        p.load(in);
        String version = p.getProperty("version", "").strip();
        if (!version.isEmpty() && !version.startsWith("${")) {
          return version;
        }
      }
    } catch (IOException e) {
      throw new KitException(
          KitErrors.VERSION_UNKNOWN, anchor.getName() + ": build.properties cannot be read", e);
    }
    String manifest = anchor.getPackage().getImplementationVersion();
    if (manifest != null && !manifest.isBlank()) {
      return manifest;
    }
    throw new KitException(
        KitErrors.VERSION_UNKNOWN,
        anchor.getName()
            + ": no build.properties with a version beside it and no Implementation-Version"
            + " (expected: one of them)");
  }
}
