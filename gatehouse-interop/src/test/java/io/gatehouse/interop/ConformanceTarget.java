package io.gatehouse.interop;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.URI;
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
 */
public record ConformanceTarget(
    String mode, List<String> arguments, String resultPrefix, List<String> wrapper) {

  public ConformanceTarget {
    requireNonNull(mode, "mode");
    arguments = List.copyOf(arguments);
    requireNonNull(resultPrefix, "resultPrefix");
    wrapper = List.copyOf(wrapper);
  }

  public static ConformanceTarget server(URI url) {
    return new ConformanceTarget("server", List.of("--url", url.toString()), "server-", List.of());
  }

  /**
   * A client started as {@code command} (split at spaces by the CLI, which then appends the mock
   * server's URL). When this machine can, the CLI, its mock servers and the client run in a private
   * network namespace that has only loopback ({@code unshare -n}), so nothing they do can reach
   * another host or a real DNS server.
   */
  public static ConformanceTarget client(String command) {
    requireNonNull(command, "command");
    List<String> wrapper = new ArrayList<>();
    if (loopbackOnlyNamespaceWorks()) {
      wrapper.addAll(
          List.of("unshare", "-n", "sh", "-c", "ip link set lo up && exec \"$0\" \"$@\""));
    }
    return new ConformanceTarget("client", List.of("--command", command), "", wrapper);
  }

  /** The CLI command line for {@code node} running {@code cli}, with {@code selection}. */
  List<String> command(String node, String cli, List<String> selection, String outputDir) {
    List<String> command = new ArrayList<>(wrapper);
    command.addAll(List.of(node, cli, mode));
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
