package io.gatehouse.server.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A program from the operating system's packages that a test runs as its own child process
 * (tinyproxy, nginx; {@code bash .ci/tools.sh} installs them). When it is missing, the test fails
 * on CI ({@code CI=true}) and is skipped elsewhere, with a message saying how to install it.
 */
public final class InstalledTool {
  private InstalledTool() {}

  /**
   * The executable {@code name} on {@code PATH} or in one of the {@code usual} directories (Debian
   * puts daemons in /usr/sbin, which a user's PATH may lack).
   */
  public static Path require(
      String name, String hint, Map<String, String> environment, List<String> usual) {
    String path = environment.getOrDefault("PATH", "");
    Path found =
        Stream.concat(Stream.of(path.split(File.pathSeparator)), usual.stream())
            .filter(d -> !d.isEmpty())
            .map(d -> Path.of(d, name))
            .filter(Files::isExecutable)
            .findFirst()
            .orElse(null);
    if (found == null) {
      String message = name + " is missing: " + hint;
      if ("true".equals(environment.get("CI"))) {
        Assertions.fail(message);
      }
      Assumptions.abort(message);
    }
    return found;
  }
}
