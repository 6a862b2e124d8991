package io.gatehouse.kit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a public method as an MCP tool. The method takes one record, whose components are the
 * tool's arguments (the input schema is generated from it), and returns a {@code String} (text
 * content), a record (structured content, with an output schema generated from it) or nothing.
 *
 * <pre>{@code
 * @Tool(name = "find_item", description = "Finds an item by its SKU")
 * public Item find(FindItem args) { ... }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Tool {
  /** The tool's name; the method's name when empty. */
  String name() default "";

  /** What the tool does, for the model that chooses it. */
  String description();
}
