package io.gatehouse.interop;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What a conformance run tests: a server at a URL ({@code conformance server --url}), or a client
 * the CLI starts itself ({@code conformance client --command}), whose results it writes under
 * {@code server-<scenario>-<time>/} or {@code <scenario>-<time>/} respectively.
 *
 * @param wrapper the command the CLI runs under (empty for none), such as a private network
 *     namespace
 * @param nodeOptions options for Node before the CLI script, such as a preload
 */
public record ConformanceTarget(
    String mode,
    List<String> arguments,
    String resultPrefix,
    List<String> wrapper,
    List<String> nodeOptions) {

  public ConformanceTarget {
    requireNonNull(mode, "mode");
    arguments = List.copyOf(arguments);
    requireNonNull(resultPrefix, "resultPrefix");
    wrapper = List.copyOf(wrapper);
    nodeOptions = List.copyOf(nodeOptions);
  }

  public static ConformanceTarget server(URI url) {
    return new ConformanceTarget(
        "server", List.of("--url", url.toString()), "server-", List.of(), List.of());
  }

  /**
   * A client started as {@code command} (split at spaces by the CLI, which then appends the mock
   * server's URL). When this machine can, the CLI, its mock servers and the client run in a private
   * network namespace that has only loopback ({@code unshare -n}), so nothing they do can reach
   * another host or a real DNS server. Elsewhere the CLI runs with {@code fetchGuard} preloaded,
   * which refuses its fetches of non-loopback hosts.
   */
  public static ConformanceTarget client(String command, Path fetchGuard) {
    requireNonNull(command, "command");
    requireNonNull(fetchGuard, "fetchGuard");
    List<String> arguments = List.of("--command", command);
    if (loopbackOnlyNamespaceWorks()) {
      List<String> unshare =
          List.of("unshare", "-n", "sh", "-c", "ip link set lo up && exec \"$0\" \"$@\"");
      return new ConformanceTarget("client", arguments, "", unshare, List.of());
    }
    return new ConformanceTarget(
        "client", arguments, "", List.of(), List.of("--require", fetchGuard.toString()));
  }

  /** The CLI command line for {@code node} running {@code cli}, with {@code selection}. */
  List<String> command(String node, String cli, List<String> selection, String outputDir) {
    List<String> command = new ArrayList<>(wrapper);
    command.add(node);
    command.addAll(nodeOptions);
    command.addAll(List.of(cli, mode));
    command.addAll(arguments);
    command.addAll(selection);
    command.addAll(List.of("-o", outputDir));
    return command;
  }

  private static boolean loopbackOnlyNamespaceWorks() {
    try {
      Process p =
          new ProcessBuilder("unshare", "-n", "sh", "-c", "ip link set lo up")
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
