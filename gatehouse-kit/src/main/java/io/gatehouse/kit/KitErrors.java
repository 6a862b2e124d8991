package io.gatehouse.kit;

import io.gatehouse.core.ErrorKey;

/** The error keys of the server kit: its key check, its tools, its configuration and publishing. */
public final class KitErrors {
  private KitErrors() {}

  public static final ErrorKey KEY_REQUIRED =
      ErrorKey.of(
          "KEY_REQUIRED",
          401,
          -31090,
          "Send one of the server's keys in its key header (X-API-Key unless the server names"
              + " another) or in x-functions-key.");

  public static final ErrorKey KEYS_MISSING =
      ErrorKey.of(
          "KEYS_MISSING",
          500,
          -31091,
          "Give the server at least one key: set the environment variable it reads (keys"
              + " separated by commas) or write them to its keys file, one per line.");

  public static final ErrorKey KEY_TOO_SHORT =
      ErrorKey.of(
          "KEY_TOO_SHORT",
          500,
          -31092,
          "Use keys of at least 16 characters, for example from `openssl rand -hex 24`.");

  public static final ErrorKey INVALID_TOOL =
      ErrorKey.of(
          "INVALID_TOOL",
          500,
          -31093,
          "A tool takes one record as its arguments, has a name of letters, digits, '_', '-'"
              + " and '.', and is declared once.");

  public static final ErrorKey INVALID_ARGUMENTS =
      ErrorKey.of(
          "INVALID_ARGUMENTS",
          400,
          -32602,
          "Call the tool with arguments that match its inputSchema (tools/list shows it).");

  public static final ErrorKey TOOL_FAILED =
      ErrorKey.of(
          "TOOL_FAILED",
          500,
          -31094,
          "The tool failed on the server; the server's log has the details.");

  public static final ErrorKey INVALID_SERVER =
      ErrorKey.of(
          "INVALID_SERVER",
          500,
          -31095,
          "Fix the server's definition: its name, version, description or key header.");

  public static final ErrorKey VERSION_UNKNOWN =
      ErrorKey.of(
          "VERSION_UNKNOWN",
          500,
          -31096,
          "Put a build.properties with version=${project.version} beside the server's class"
              + " (a filtered Maven resource), or run it from a jar whose manifest has an"
              + " Implementation-Version.");

  public static final ErrorKey USAGE =
      ErrorKey.of("USAGE", 400, -31097, "Run the server with --help for its commands and options.");

  public static final ErrorKey PUBLISH_FAILED =
      ErrorKey.of(
          "PUBLISH_FAILED",
          502,
          -31098,
          "Check the catalog URL and token; the catalog's own error key and details say what it"
              + " refused.");

  public static final ErrorKey START_FAILED =
      ErrorKey.of(
          "START_FAILED",
          500,
          -31099,
          "The server could not listen on its host and port: pick a free port (0 lets the"
              + " system choose) or another host.");
}
