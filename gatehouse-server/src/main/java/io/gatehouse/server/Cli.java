package io.gatehouse.server;

import static java.util.Objects.requireNonNull;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code gatehouse} command line's grammar: commands with subcommands, {@code --name value}
 * options (with a one-letter alias), operands, and {@code --help} on every level. Small on purpose:
 * it is read on every start, and a start is measured in tenths of a second.
 */
final class Cli {
  /** What a command runs, given its parsed arguments; returns the exit code. */
  @FunctionalInterface
  interface Action {
    int run(Args args, PrintWriter out, PrintWriter err) throws Exception;
  }

  /** An option that takes a value. */
  record Option(String name, String alias, String label, String description) {}

  /** The server a client command talks to: {@code --url}, else {@code $GATEHOUSE_URL}. */
  static final Option SERVER_URL =
      new Option(
          "url", "u", "URL", "the server (default: $GATEHOUSE_URL or http://127.0.0.1:8080)");

  /** {@code given} (a {@link #SERVER_URL} value), else {@code $GATEHOUSE_URL}, else the default. */
  static String serverUrl(String given) {
    return first(given, System.getenv("GATEHOUSE_URL"), "http://127.0.0.1:8080");
  }

  /** The first of {@code a}, {@code b} that is set (not null nor empty), else {@code fallback}. */
  static String first(String a, String b, String fallback) {
    return a != null && !a.isEmpty() ? a : b != null && !b.isEmpty() ? b : fallback;
  }

  /**
   * One command.
   *
   * @param operands how its operands read in the usage line ({@code FILE...}), or null when it
   *     takes none
   * @param minOperands how many operands it needs at least
   */
  record Command(
      String name,
      String summary,
      List<Option> options,
      String operands,
      int minOperands,
      boolean hidden,
      List<Command> subcommands,
      Action action) {
    Command {
      requireNonNull(name, "name");
      options = List.copyOf(options);
      subcommands = List.copyOf(subcommands);
    }

    static Command group(String name, String summary, List<Command> subcommands) {
      return new Command(name, summary, List.of(), null, 0, false, subcommands, null);
    }

    static Command of(
        String name,
        String summary,
        List<Option> options,
        String operands,
        int minOperands,
        Action action) {
      return new Command(name, summary, options, operands, minOperands, false, List.of(), action);
    }

    Command hide() {
      return new Command(name, summary, options, operands, minOperands, true, subcommands, action);
    }
  }

  /** A command's parsed arguments. */
  record Args(Map<String, String> options, List<String> operands) {
    /** The value of {@code --name}, or null. */
    String get(String name) {
      return options.get(name);
    }
  }

  private Cli() {}

  /**
   * Runs {@code argv} against {@code root}; usage errors exit with 2 and say what to type instead.
   */
  static int execute(
      Command root, String version, String[] argv, PrintWriter out, PrintWriter err) {
    try {
      return run(root, root.name(), version, argv, 0, out, err);
    } finally {
      out.flush();
      err.flush();
    }
  }

  private static int run(
      Command cmd,
      String path,
      String version,
      String[] argv,
      int from,
      PrintWriter out,
      PrintWriter err) {
    Map<String, String> options = new LinkedHashMap<>();
    List<String> operands = new ArrayList<>();
    for (int i = from; i < argv.length; i++) {
      String a = argv[i];
      if (a.equals("-h") || a.equals("--help")) {
        usage(cmd, path, out);
        return 0;
      }
      if ((a.equals("-V") || a.equals("--version")) && version != null) {
        out.println(version);
        return 0;
      }
      if (operands.isEmpty() && options.isEmpty()) {
        Command sub =
            cmd.subcommands().stream().filter(c -> c.name().equals(a)).findFirst().orElse(null);
        if (sub != null) {
          return run(sub, path + " " + sub.name(), null, argv, i + 1, out, err);
        }
      }
      if (a.startsWith("-") && a.length() > 1) {
        String name = a.startsWith("--") ? a.substring(2) : a.substring(1);
        String inline = null;
        int eq = name.indexOf('=');
        if (eq > 0) {
          inline = name.substring(eq + 1);
          name = name.substring(0, eq);
        }
        Option o = option(cmd, name);
        if (o == null) {
          return usageError(path, "unknown option " + a, err);
        }
        if (inline == null && i + 1 >= argv.length) {
          return usageError(path, "--" + o.name() + " needs a value (" + o.label() + ")", err);
        }
        options.put(o.name(), inline != null ? inline : argv[++i]);
      } else {
        operands.add(a);
      }
    }
    if (cmd.action() == null) {
      if (!operands.isEmpty()) {
        return usageError(path, "unknown command '" + operands.getFirst() + "'", err);
      }
      usage(cmd, path, out);
      return 0;
    }
    if (cmd.operands() == null && !operands.isEmpty()) {
      return usageError(path, "unexpected argument '" + operands.getFirst() + "'", err);
    }
    if (operands.size() < cmd.minOperands()) {
      return usageError(path, "missing " + cmd.operands(), err);
    }
    try {
      return cmd.action().run(new Args(options, operands), out, err);
    } catch (Exception e) {
      err.println("gatehouse: " + e.getMessage());
      return 1;
    }
  }

  private static Option option(Command cmd, String name) {
    for (Option o : cmd.options()) {
      if (o.name().equals(name) || name.equals(o.alias())) {
        return o;
      }
    }
    return null;
  }

  private static int usageError(String path, String problem, PrintWriter err) {
    err.println(path + ": " + problem + " (see " + path + " --help)");
    return 2;
  }

  static void usage(Command cmd, String path, PrintWriter out) {
    StringBuilder line = new StringBuilder("Usage: ").append(path);
    if (!cmd.subcommands().isEmpty()) {
      line.append(" COMMAND");
    }
    if (!cmd.options().isEmpty()) {
      line.append(" [OPTIONS]");
    }
    if (cmd.operands() != null) {
      line.append(' ').append(cmd.operands());
    }
    out.println(line);
    if (cmd.summary() != null) {
      out.println(cmd.summary());
    }
    List<Command> visible = cmd.subcommands().stream().filter(c -> !c.hidden()).toList();
    if (!visible.isEmpty()) {
      out.println();
      out.println("Commands:");
      visible.forEach(c -> out.printf("  %-12s %s%n", c.name(), c.summary()));
    }
    out.println();
    out.println("Options:");
    for (Option o : cmd.options()) {
      String names =
          (o.alias() == null ? "    " : "-" + o.alias() + ", ") + "--" + o.name() + " " + o.label();
      out.printf("  %-28s %s%n", names, o.description());
    }
    out.printf("  %-28s %s%n", "-h, --help", "show this help");
  }
}
