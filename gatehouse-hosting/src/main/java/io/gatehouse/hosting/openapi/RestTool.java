package io.gatehouse.hosting.openapi;

import static java.util.Objects.requireNonNull;

import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * One operation of an OpenAPI document as an MCP tool, with what it takes to turn a call back into
 * the HTTP request.
 *
 * @param name the tool's name: the operation id made to fit {@code [a-zA-Z0-9_-]{1,64}}, unique
 * @param description the operation's summary and description
 * @param inputSchema a JSON Schema object with every parameter and the body, {@code $ref}s resolved
 * @param method the HTTP method, upper case
 * @param path the path template, such as {@code /items/{itemId}}
 * @param args where each argument of the call goes in the request
 */
public record RestTool(
    String name,
    String description,
    ObjectNode inputSchema,
    String method,
    String path,
    List<Arg> args) {
  public RestTool {
    requireNonNull(name, "name");
    requireNonNull(inputSchema, "inputSchema");
    args = List.copyOf(args);
  }

  /** Where an argument goes. */
  public enum In {
    PATH,
    QUERY,
    HEADER,
    /** One property of an object body. */
    BODY_PROPERTY,
    /** The whole body. */
    BODY
  }

  /**
   * @param argument the argument's name in the tool call
   * @param in where it goes
   * @param wireName its name in the request (the parameter or body property)
   */
  public record Arg(String argument, In in, String wireName) {}
}
