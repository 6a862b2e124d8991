package io.gatehouse.agent.define;

import static java.util.Objects.requireNonNull;

import io.gatehouse.core.GatehouseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Makes the agents a configuration file defines exist as defined ({@code managedBy: config}):
 * creates the missing ones (subagents before the agents that delegate to them), updates and
 * publishes or unpublishes the ones that differ, and deletes the ones the file once created and no
 * longer lists. Agents made through the admin API are left alone, even when the file names one.
 */
public final class AgentSync {
  private AgentSync() {}

  /**
   * One agent the file wants.
   *
   * @param key where it is in the file ({@code agents[0]}), for messages
   * @param body the admin API's JSON for it
   * @param published whether it is to have its own identity
   */
  public record Wanted(String key, String project, String name, JsonNode body, boolean published) {
    public Wanted {
      requireNonNull(key, "key");
      requireNonNull(project, "project");
      requireNonNull(name, "name");
      requireNonNull(body, "body");
    }
  }

  /** What one apply did, by {@code project/name}, and what it could not do, by file key. */
  public record Report(
      List<String> created, List<String> updated, List<String> deleted, List<String> problems) {
    public String summary() {
      return "agents: created "
          + created
          + ", updated "
          + updated
          + ", deleted "
          + deleted
          + (problems.isEmpty() ? "" : ", not applied: " + problems);
    }
  }

  public static Report apply(Agents agents, List<Wanted> wanted) {
    List<String> created = new ArrayList<>();
    List<String> updated = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    Set<String> listed = new HashSet<>();
    for (Wanted w : subagentsFirst(wanted)) {
      String id = w.project() + "/" + w.name();
      listed.add(id);
      try {
        StoredAgent a = agents.lookup(w.project(), w.name()).orElse(null);
        if (a == null) {
          agents.create(w.project(), w.body(), StoredAgent.BY_CONFIG);
          created.add(id);
        } else if (!StoredAgent.BY_CONFIG.equals(a.managedBy())) {
          problems.add(
              w.key()
                  + ": project '"
                  + w.project()
                  + "' has an agent '"
                  + w.name()
                  + "' made through the admin API, left as it is (delete it there, or rename"
                  + " this one)");
          continue;
        } else if (!agents.matches(a, w.body())) {
          agents.replace(w.project(), w.name(), w.body(), StoredAgent.BY_CONFIG);
          updated.add(id);
        } else if (a.definition().published() == w.published()) {
          continue;
        } else {
          updated.add(id);
        }
        agents.publish(w.project(), w.name(), w.published());
      } catch (GatehouseException e) {
        problems.add(w.key() + ": " + e.error().key() + ": " + e.getMessage());
      }
    }
    List<String> deleted = deleteUnlisted(agents, listed, problems);
    return new Report(created, updated, deleted, problems);
  }

  /** Deletes the file's agents it no longer lists, those that delegate before their subagents. */
  private static List<String> deleteUnlisted(
      Agents agents, Set<String> listed, List<String> problems) {
    List<StoredAgent> gone = new ArrayList<>();
    for (StoredAgent a : agents.all()) {
      if (StoredAgent.BY_CONFIG.equals(a.managedBy())
          && !listed.contains(a.project() + "/" + a.name())) {
        gone.add(a);
      }
    }
    List<String> deleted = new ArrayList<>();
    Map<String, String> refused = new LinkedHashMap<>();
    boolean progress = true;
    while (progress && !gone.isEmpty()) {
      progress = false;
      for (StoredAgent a : List.copyOf(gone)) {
        String id = a.project() + "/" + a.name();
        try {
          agents.delete(a.project(), a.name());
          deleted.add(id);
          gone.remove(a);
          refused.remove(id);
          progress = true;
        } catch (GatehouseException e) {
          refused.put(id, e.error().key() + ": " + e.getMessage());
        }
      }
    }
    refused.forEach(
        (id, why) -> problems.add(id + " (no longer in the file): not deleted: " + why));
    return deleted;
  }

  /** The wanted agents ordered so that each comes after the subagents the file also defines. */
  private static List<Wanted> subagentsFirst(List<Wanted> wanted) {
    Map<String, Wanted> byId = new LinkedHashMap<>();
    wanted.forEach(w -> byId.putIfAbsent(w.project() + "/" + w.name(), w));
    List<Wanted> out = new ArrayList<>();
    Set<String> placed = new HashSet<>();
    Set<String> visiting = new HashSet<>();
    byId.keySet().forEach(id -> place(id, byId, placed, visiting, out));
    return out;
  }

  private static void place(
      String id,
      Map<String, Wanted> byId,
      Set<String> placed,
      Set<String> visiting,
      List<Wanted> out) {
    Wanted w = byId.get(id);
    if (w == null || placed.contains(id) || !visiting.add(id)) {
      return; // not the file's, done, or a cycle (which the write refuses, naming it)
    }
    for (JsonNode s : w.body().path("subagents")) {
      place(w.project() + "/" + s.asString(), byId, placed, visiting, out);
    }
    placed.add(id);
    out.add(w);
  }
}
