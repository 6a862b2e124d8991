package io.gatehouse.bench;

import io.gatehouse.protocol.ProtocolVersions;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.server.Server;

/**
 * The harness's command line, one subcommand per part; {@code bench/run.sh} strings them together.
 *
 * <pre>
 * echo     --port P [--sse] [--modern]              the upstream echo MCP server (--modern: 2026-07-28)
 * load     --url U --mode closed|open|setup|idle    one measured run, appended to --out
 *          --scenario S --target T --round R --sessions N [--rate R] [--payload BYTES]
 *          [--warmup SECONDS] [--seconds SECONDS] [--pid PID] [--header 'Name: value']
 *          [--protocol 2025-11-25|2026-07-28] --out FILE
 *          (--pid: RSS for idle; CPU per call over the measured window for closed and open;
 *          --protocol 2026-07-28: stateless clients, closed and open only)
 * memory   --url U --pid PID --clients N --calls N --every N [--warmup-calls N] [--payload BYTES]
 *          --scenario S --out FILE   RSS and post-GC heap of PID over N 2026-07-28 calls
 * startup  --command "java ... serve --config F" --port P --log FILE --round R --out FILE
 * report   --results FILE [--jmh FILE] [--machine FILE] --title T --out FILE [--fail-on-errors]
 * catalog-seed, catalog-load                         the catalog at 10,000 servers
 * </pre>
 */
public final class Bench {
  private Bench() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      usage("a subcommand is required");
    }
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    switch (args[0]) {
      case "echo" -> echo(options(rest, "host", "port", "sse", "modern"));
      case "load" ->
          load(
              options(
                  rest,
                  "url",
                  "mode",
                  "scenario",
                  "target",
                  "round",
                  "sessions",
                  "rate",
                  "warmup",
                  "seconds",
                  "payload",
                  "pid",
                  "out",
                  "header",
                  "protocol"));
      case "memory" ->
          memory(
              options(
                  rest,
                  "url",
                  "pid",
                  "clients",
                  "calls",
                  "every",
                  "warmup-calls",
                  "payload",
                  "scenario",
                  "out"));
      case "startup" -> startup(options(rest, "command", "port", "log", "round", "out"));
      case "report" ->
          report(options(rest, "results", "jmh", "machine", "title", "out", "fail-on-errors"));
      case "catalog-seed" -> CatalogSeed.main(rest);
      case "catalog-load" -> CatalogLoad.main(rest);
      default -> usage("unknown subcommand " + args[0]);
    }
  }

  private static void echo(Map<String, String> o) throws Exception {
    Server server =
        EchoServer.start(
            o.getOrDefault("host", "127.0.0.1"),
            Integer.parseInt(o.getOrDefault("port", "0")),
            o.containsKey("sse"),
            o.containsKey("modern"));
    System.out.println(
        "echo listening on http://127.0.0.1:"
            + EchoServer.port(server)
            + "/mcp"
            + (o.containsKey("modern") ? " (2026-07-28)" : "")
            + (o.containsKey("sse") ? " (SSE answers)" : ""));
    server.join();
  }

  private static void load(Map<String, String> o) throws Exception {
    LoadGenerator.Options options =
        new LoadGenerator.Options(
            URI.create(required(o, "url")),
            required(o, "mode"),
            required(o, "scenario"),
            required(o, "target"),
            Integer.parseInt(o.getOrDefault("round", "1")),
            Integer.parseInt(o.getOrDefault("sessions", "16")),
            Double.parseDouble(o.getOrDefault("rate", "0")),
            Double.parseDouble(o.getOrDefault("warmup", "2")),
            Double.parseDouble(o.getOrDefault("seconds", "10")),
            Integer.parseInt(o.getOrDefault("payload", "1024")),
            Long.parseLong(o.getOrDefault("pid", "0")),
            Path.of(required(o, "out")),
            o.get("header"),
            modern(o.getOrDefault("protocol", ProtocolVersions.LATEST)));
    if (options.modern() && !List.of("closed", "open").contains(options.mode())) {
      usage("--protocol 2026-07-28 works with --mode closed or open, not " + options.mode());
    }
    if (options.mode().equals("open") && options.rate() <= 0) {
      usage("--rate is required for --mode open");
    }
    if (options.mode().equals("idle") && options.pid() <= 0) {
      usage("--pid (the process whose RSS is measured) is required for --mode idle");
    }
    Measurement m = new LoadGenerator(options).run();
    m.appendTo(options.out());
    System.out.println(m.summary());
  }

  /**
   * Whether {@code --protocol} names the stateless era; a version Gatehouse does not speak stops.
   */
  private static boolean modern(String protocol) {
    if (!ProtocolVersions.isKnown(protocol)) {
      usage(
          "--protocol "
              + protocol
              + " (expected one of "
              + String.join(", ", ProtocolVersions.ALL)
              + ")");
    }
    return ProtocolVersions.isModern(protocol);
  }

  private static void memory(Map<String, String> o) throws Exception {
    MemoryRun.Options options =
        new MemoryRun.Options(
            URI.create(required(o, "url")),
            Long.parseLong(required(o, "pid")),
            Integer.parseInt(o.getOrDefault("clients", "1000")),
            Integer.parseInt(o.getOrDefault("calls", "100000")),
            Integer.parseInt(o.getOrDefault("every", "10000")),
            Integer.parseInt(o.getOrDefault("warmup-calls", "10000")),
            Integer.parseInt(o.getOrDefault("payload", "1024")),
            o.getOrDefault("scenario", "modern-rss"));
    String problem = options.problem();
    if (problem != null) {
      usage(problem);
    }
    new MemoryRun(options).run().forEach(m -> m.appendTo(Path.of(required(o, "out"))));
  }

  private static void startup(Map<String, String> o) throws Exception {
    Measurement m =
        Startup.measure(
            Startup.split(required(o, "command")),
            Integer.parseInt(required(o, "port")),
            Path.of(required(o, "log")),
            Integer.parseInt(o.getOrDefault("round", "1")));
    m.appendTo(Path.of(required(o, "out")));
    System.out.println(m.summary());
  }

  private static void report(Map<String, String> o) throws Exception {
    String md =
        Report.write(
            Path.of(required(o, "results")),
            o.containsKey("jmh") ? Path.of(o.get("jmh")) : null,
            o.containsKey("machine") ? Path.of(o.get("machine")) : null,
            o.getOrDefault("title", "Gatehouse benchmark"));
    Files.writeString(Path.of(required(o, "out")), md, StandardCharsets.UTF_8);
    System.out.println("report written to " + o.get("out"));
    if (o.containsKey("fail-on-errors")) {
      long failed =
          Measurement.readAll(Path.of(o.get("results"))).stream()
              .filter(m -> m.errors() > 0 || m.extra().getOrDefault("errors", 0.0) > 0)
              .peek(m -> System.err.println("errors in " + m.summary()))
              .count();
      if (failed > 0) {
        System.exit(1);
      }
    }
  }

  /**
   * {@code --name value} pairs, keyed by name without dashes; a flag followed by another flag (or
   * nothing) is a boolean. A name not in {@code known} is refused, so a typo never silently falls
   * back to a default.
   */
  static Map<String, String> options(String[] args, String... known) {
    Map<String, String> o = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--")) {
        usage("expected an option, not " + args[i]);
      }
      String name = args[i].substring(2);
      if (!Arrays.asList(known).contains(name)) {
        usage(
            "unknown option --" + name + " (expected one of --" + String.join(", --", known) + ")");
      }
      boolean hasValue = i + 1 < args.length && !args[i + 1].startsWith("--");
      o.put(name, hasValue ? args[++i] : "true");
    }
    return o;
  }

  private static String required(Map<String, String> o, String name) {
    String v = o.get(name);
    if (v == null) {
      usage("--" + name + " is required");
    }
    return v;
  }

  private static void usage(String problem) {
    System.err.println(
        "bench: "
            + problem
            + "\nsubcommands: echo, load, memory, startup, report, catalog-seed, catalog-load"
            + " (see bench/README.md)");
    System.exit(2);
  }
}
