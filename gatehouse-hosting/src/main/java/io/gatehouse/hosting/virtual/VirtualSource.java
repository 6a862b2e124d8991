package io.gatehouse.hosting.virtual;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One source of a virtual server: a route of the same Gatehouse, the prefix its tool and prompt
 * names get, and which of its tools, prompts and resources the virtual server shows.
 *
 * @param route the source route's name
 * @param prefix put before each tool and prompt name of this source (may be empty for one source)
 * @param tools globs ({@code *} any run of characters) of the source's own tool names to show;
 *     empty shows every tool
 * @param prompts the same for prompt names
 * @param resources the same for resource URIs (and resource template URI templates)
 */
public record VirtualSource(
    String route, String prefix, List<String> tools, List<String> prompts, List<String> resources) {
  public VirtualSource {
    requireNonNull(route, "route");
    prefix = prefix == null ? "" : prefix;
    tools = tools == null ? List.of() : List.copyOf(tools);
    prompts = prompts == null ? List.of() : List.copyOf(prompts);
    resources = resources == null ? List.of() : List.copyOf(resources);
  }

  /** A source showing everything, under {@code prefix}. */
  public static VirtualSource of(String route, String prefix) {
    return new VirtualSource(route, prefix, List.of(), List.of(), List.of());
  }

  boolean showsTool(String name) {
    return Globs.any(tools, name);
  }

  boolean showsPrompt(String name) {
    return Globs.any(prompts, name);
  }

  boolean showsResource(String uri) {
    return Globs.any(resources, uri);
  }
}
