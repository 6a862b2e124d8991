package io.gatehouse.policy.inject;

import io.gatehouse.policy.traffic.Fields;
import io.gatehouse.policy.traffic.Problems;
import io.gatehouse.policy.traffic.Section;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The {@code query} section: parameters of the upstream URL to {@code set} (replacing) and to
 * {@code remove}, for upstreams that take a key in the URL. A query value never copies the caller's
 * credential: {@code headers.passthrough} lets it into a header only.
 */
public record QueryRules(Map<String, Template> set, List<String> remove) {
  public static final QueryRules NONE = new QueryRules(Map.of(), List.of());
  private static final Set<String> FIELDS = Set.of("set", "remove");

  public QueryRules {
    set = Map.copyOf(set);
    remove = List.copyOf(remove);
  }

  public boolean isEmpty() {
    return set.isEmpty() && remove.isEmpty();
  }

  public static final Section<QueryRules> SECTION =
      new Section<>() {
        @Override
        public String name() {
          return "query";
        }

        @Override
        public QueryRules read(JsonNode node, String path, Problems problems) {
          if (!Fields.object(node, path, FIELDS, problems)) {
            return NONE;
          }
          Map<String, Template> set = new LinkedHashMap<>();
          Fields.stringMap(node.get("set"), path + ".set", problems)
              .forEach(
                  (name, text) -> {
                    String at = path + ".set." + name;
                    Template t = Template.parse(text, at, problems);
                    if (name.isBlank()) {
                      problems.add(at, "an empty parameter name");
                    } else if (t.readsHeaderIn(HeaderRules.CREDENTIALS)
                        || t.readsHeaderIn(HeaderRules.NEVER_COPIED)) {
                      problems.add(
                          at,
                          "copies the caller's own credential into the URL; a credential may"
                              + " pass only as a header, with headers.passthrough: true");
                    } else {
                      set.put(name, t);
                    }
                  });
          List<String> remove =
              Fields.strings(node.get("remove"), path + ".remove", List.of(), problems);
          for (int i = 0; i < remove.size(); i++) {
            if (remove.get(i).isBlank()) {
              problems.add(path + ".remove[" + i + "]", "an empty parameter name");
            }
          }
          return new QueryRules(set, remove.stream().filter(n -> !n.isBlank()).toList());
        }
      };
}
