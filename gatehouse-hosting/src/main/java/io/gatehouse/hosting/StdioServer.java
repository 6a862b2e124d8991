package io.gatehouse.hosting;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How to run one route's stdio MCP server.
 *
 * @param command the program (a path, or a name looked up on Gatehouse's own {@code PATH})
 * @param args its arguments
 * @param env the variables the child gets besides {@code PATH} and {@code HOME}; a value may hold
 *     {@code ${secret:NAME}}, read from the vault when a process starts
 * @param cwd its working directory, or null for a fresh directory of the route's own
 * @param isolation a process per session, or one shared process
 * @param idleTimeout how long a process lives without requests
 * @param maxProcesses how many processes the route may run at once
 * @param limits the resource limits each process runs under ({@link ProcessLimits#NONE}: none)
 * @param sharedAcrossPrincipals under {@code isolation: shared}, one process for every principal
 *     (the server keeps no per-user state); else one per principal
 */
public record StdioServer(
    String command,
    List<String> args,
    Map<String, String> env,
    Path cwd,
    Isolation isolation,
    Duration idleTimeout,
    int maxProcesses,
    ProcessLimits limits,
    boolean sharedAcrossPrincipals) {
  public static final Duration DEFAULT_IDLE = Duration.ofMinutes(5);
  public static final int DEFAULT_MAX_PROCESSES = 20;

  /** A server without limits, a shared process per principal. */
  public StdioServer(
      String command,
      List<String> args,
      Map<String, String> env,
      Path cwd,
      Isolation isolation,
      Duration idleTimeout,
      int maxProcesses) {
    this(command, args, env, cwd, isolation, idleTimeout, maxProcesses, null, false);
  }

  public StdioServer {
    requireNonNull(command, "command");
    limits = limits == null ? ProcessLimits.NONE : limits;
    if (command.isBlank()) {
      throw new IllegalArgumentException("command: blank (expected: a program to run)");
    }
    args = args == null ? List.of() : List.copyOf(args);
    env = env == null ? Map.of() : Map.copyOf(env);
    isolation = isolation == null ? Isolation.SESSION : isolation;
    idleTimeout = idleTimeout == null ? DEFAULT_IDLE : idleTimeout;
    if (idleTimeout.isNegative() || idleTimeout.isZero()) {
      throw new IllegalArgumentException(
          "idle-timeout: " + idleTimeout + " (expected: a positive duration)");
    }
    if (maxProcesses < 1) {
      throw new IllegalArgumentException("max-processes: " + maxProcesses + " (expected: >= 1)");
    }
  }

  /** The command line: the program, then its arguments. */
  public List<String> commandLine() {
    List<String> out = new java.util.ArrayList<>(args.size() + 1);
    out.add(command);
    out.addAll(args);
    return out;
  }

  @Override
  public String toString() {
    // env values may be secrets: names only
    return "StdioServer[command="
        + command
        + ", args="
        + args
        + ", env="
        + env.keySet()
        + ", cwd="
        + cwd
        + ", isolation="
        + isolation.configName()
        + ", idleTimeout="
        + idleTimeout
        + ", maxProcesses="
        + maxProcesses
        + (limits.isEmpty() ? "" : ", limits=" + limits)
        + (sharedAcrossPrincipals ? ", sharedAcrossPrincipals" : "")
        + "]";
  }
}
