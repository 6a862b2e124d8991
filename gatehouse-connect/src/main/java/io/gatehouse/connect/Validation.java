package io.gatehouse.connect;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What one validation of a connection found: {@code Connected}, with what the upstream said about
 * itself and its tools, or a failure with its {@link Diagnosis} key, a message, a hint and details.
 *
 * @param status {@code Connected} or {@code Failed}
 * @param diagnosis the failure's key, or null when connected
 * @param transport the transport that worked, or null
 * @param tools the tool names listed
 * @param warnings what will go wrong if nobody acts, such as a key about to expire
 * @param toolsFrom where {@code tools} come from: {@code upstream}, or {@code schema} or {@code
 *     metadata} when the upstream listed none; null when it failed
 */
public record Validation(
    Instant checkedAt,
    String status,
    String diagnosis,
    String message,
    String hint,
    Map<String, String> details,
    String transport,
    String protocolVersion,
    String serverName,
    String serverVersion,
    List<String> tools,
    List<String> warnings,
    String toolsFrom) {
  public static final String CONNECTED = "Connected";
  public static final String FAILED = "Failed";

  public Validation {
    details = details == null ? Map.of() : Map.copyOf(details);
    tools = tools == null ? List.of() : List.copyOf(tools);
    warnings = warnings == null ? List.of() : List.copyOf(warnings);
  }

  /** A validation that connected, its tools listed by the upstream. */
  static Validation connected(
      Instant at,
      String message,
      String transport,
      String protocolVersion,
      String serverName,
      String serverVersion,
      List<String> tools) {
    return new Validation(
        at,
        CONNECTED,
        null,
        message,
        null,
        Map.of(),
        transport,
        protocolVersion,
        serverName,
        serverVersion,
        tools,
        List.of(),
        "upstream");
  }

  /** The same, with {@code more} warnings (such as a key about to expire). */
  public Validation warn(List<String> more) {
    if (more.isEmpty()) {
      return this;
    }
    List<String> all = new java.util.ArrayList<>(warnings);
    all.addAll(more);
    return new Validation(
        checkedAt,
        status,
        diagnosis,
        message,
        hint,
        details,
        transport,
        protocolVersion,
        serverName,
        serverVersion,
        tools,
        all,
        toolsFrom);
  }

  /** The same, with {@code tools} taken from {@code from} ({@code schema}, {@code metadata}). */
  Validation toolsFrom(List<String> names, String from) {
    return new Validation(
        checkedAt,
        status,
        diagnosis,
        message,
        hint,
        details,
        transport,
        protocolVersion,
        serverName,
        serverVersion,
        names,
        warnings,
        from);
  }

  public boolean connected() {
    return CONNECTED.equals(status);
  }

  static Validation failed(Instant at, McpFailure f) {
    return new Validation(
        at,
        FAILED,
        f.error().key(),
        f.getMessage(),
        f.error().hint(),
        f.facts(),
        null,
        null,
        null,
        null,
        List.of(),
        List.of(),
        null);
  }
}
