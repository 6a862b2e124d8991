package io.gatehouse.kit;

/**
 * Thrown by a tool to answer with an error result ({@code isError: true}) whose text is this
 * message, for failures the caller should read ("no item with SKU 'x-1'"). Any other exception a
 * tool throws is logged and answered with {@code TOOL_FAILED} and no internal detail.
 */
public class ToolError extends RuntimeException {
  public ToolError(String message) {
    super(message, null, false, false);
  }
}
