package io.gatehouse.agent.define;

import static java.util.Objects.requireNonNull;

import io.gatehouse.core.GatehouseException;
import io.gatehouse.core.Problem;
import io.gatehouse.store.Database;
import io.gatehouse.store.StoreException;
import io.gatehouse.store.Tx;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiPredicate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The stored agents of every project: created, replaced, deleted, published and unpublished here,
 * each write checked whole ({@link AgentCheck} and the checks that need the store: connections and
 * subagents exist, no cycle of subagents, a subagent owns its tools) and refused with every problem
 * listed. {@link #find} serves the runtime from memory, at most {@link #VIEW_TTL} behind another
 * replica's writes and never behind this one's.
 */
public final class Agents implements AgentDirectory {
  /** The Flyway location of the agents' tables. */
  public static final String MIGRATIONS = "classpath:db/agent";

  /** How long {@link #find} trusts its view before asking the store whether anything changed. */
  public static final Duration VIEW_TTL = Duration.ofMillis(500);

  private static final ObjectMapper JSON = JsonMapper.builder().build();

  private final Database db;
  private final BiPredicate<String, String> connectionExists;
  private final Clock clock;
  private final AgentView view;

  private Agents(Database db, BiPredicate<String, String> connectionExists, Clock clock) {
    this.db = db;
    this.connectionExists = connectionExists;
    this.clock = clock;
    this.view = new AgentView(db, clock, VIEW_TTL, Agents::definition);
  }

  /**
   * Runs the migrations and opens the agents.
   *
   * @param connectionExists whether a project ({@code project}, {@code name}) has a connection of
   *     that name: what a tool's {@code project_connection_id} must name
   */
  public static Agents open(
      Database db, BiPredicate<String, String> connectionExists, Clock clock) {
    requireNonNull(db, "db");
    db.migrate("agent", MIGRATIONS);
    return new Agents(
        db, requireNonNull(connectionExists, "connectionExists"), requireNonNull(clock, "clock"));
  }

  @Override
  public Optional<AgentDefinition> find(String project, String name) {
    return Optional.ofNullable(view.find(project, name));
  }

  /** Creates an agent from its JSON, managed by the admin API. */
  public StoredAgent create(String project, JsonNode body) {
    return create(project, body, StoredAgent.BY_API);
  }

  /** The same, managed by {@code managedBy} ({@code api} or {@code config}). */
  public StoredAgent create(String project, JsonNode body, String managedBy) {
    return write(project, null, body, managedBy);
  }

  /** Replaces an agent's definition; who manages it and whether it is published stay. */
  public StoredAgent replace(String project, String name, JsonNode body) {
    return replace(project, name, body, get(project, name).managedBy());
  }

  /** The same, and from now on managed by {@code managedBy}. */
  public StoredAgent replace(String project, String name, JsonNode body, String managedBy) {
    requireNonNull(name, "name");
    return write(project, name, body, managedBy);
  }

  /**
   * Deletes an agent.
   *
   * @throws GatehouseException {@code AGENT_NOT_FOUND}, or {@code AGENT_IN_USE} while another agent
   *     lists it as a subagent
   */
  public void delete(String project, String name) {
    db.write(
        tx -> {
          row(tx, project, name);
          List<String> parents = parents(AgentRows.list(tx, project), name);
          if (!parents.isEmpty()) {
            throw new GatehouseException(
                AgentErrors.AGENT_IN_USE,
                "agent '"
                    + name
                    + "' of project '"
                    + project
                    + "' is a subagent of "
                    + parents
                    + ": remove it from their subagents first");
          }
          return AgentRows.delete(tx, project, name);
        });
    view.changed();
  }

  /**
   * Publishes an agent (it gets its own workload identity, {@code agent:<project>/<name>}) or takes
   * that back (it speaks as its project again). Publishing a published agent keeps its first
   * publication time.
   */
  public StoredAgent publish(String project, String name, boolean published) {
    long now = micros(clock.instant());
    db.write(
        tx -> {
          AgentRows.Row r = row(tx, project, name);
          if (r.published() == published) {
            return 0;
          }
          return AgentRows.publish(tx, project, name, published, published ? now : null, now);
        });
    view.changed();
    return get(project, name);
  }

  /** The agent, read from the store. */
  public StoredAgent get(String project, String name) {
    return stored(db.read(tx -> row(tx, project, name)));
  }

  /** The agent, read from the store, if there is one. */
  public Optional<StoredAgent> lookup(String project, String name) {
    return db.read(tx -> AgentRows.find(tx, project, name)).map(Agents::stored);
  }

  /** The agents of a project, by name. */
  public List<StoredAgent> list(String project) {
    return db.read(tx -> AgentRows.list(tx, project)).stream().map(Agents::stored).toList();
  }

  /** Every agent of every project, by project and name. */
  public List<StoredAgent> all() {
    return db.read(AgentRows::all).stream().map(Agents::stored).toList();
  }

  /** Whether {@code body} defines {@code agent} as it is stored (so a sync leaves it alone). */
  public boolean matches(StoredAgent agent, JsonNode body) {
    AgentCheck.Checked c = AgentCheck.check(body, agent.name());
    return c.problems().isEmpty() && c.definition().equals(definitionJson(agent.definition()));
  }

  private StoredAgent write(String project, String pathName, JsonNode body, String managedBy) {
    requireNonNull(project, "project");
    requireNonNull(managedBy, "managedBy");
    AgentCheck.Checked c = AgentCheck.check(body, pathName);
    List<Problem> problems = new ArrayList<>(c.problems());
    if (c.name() == null) {
      throw invalid(project, null, problems);
    }
    String name = c.name();
    connections(project, c.definition(), problems);
    String definition = c.definition().toString();
    long now = micros(clock.instant());
    try {
      db.write(
          tx -> {
            List<AgentRows.Row> rows = AgentRows.list(tx, project);
            boolean exists = rows.stream().anyMatch(r -> r.name().equals(name));
            if (pathName == null && exists) {
              throw new GatehouseException(
                  AgentErrors.AGENT_EXISTS,
                  "project '" + project + "' has an agent '" + name + "'");
            }
            if (pathName != null && !exists) {
              throw notFound(project, name);
            }
            problems.addAll(AgentGraph.problems(name, c.definition(), definitions(rows)));
            if (!problems.isEmpty()) {
              throw invalid(project, name, problems);
            }
            if (exists) {
              return AgentRows.update(tx, project, name, definition, managedBy, now);
            }
            AgentRows.insert(
                tx, new AgentRows.Row(project, name, definition, false, null, managedBy, now, now));
            return 1;
          });
    } catch (StoreException e) {
      if (StoreException.CONFLICT.equals(e.code())) {
        throw new GatehouseException(
            AgentErrors.AGENT_EXISTS, "project '" + project + "' has an agent '" + name + "'");
      }
      throw e;
    }
    view.changed();
    return get(project, name);
  }

  /** Each {@code project_connection_id} must name a connection of the project. */
  private void connections(String project, ObjectNode definition, List<Problem> problems) {
    JsonNode tools = definition.path("tools");
    for (int i = 0; i < tools.size(); i++) {
      JsonNode id = tools.get(i).path("project_connection_id");
      if (id.isString() && !connectionExists.test(project, id.stringValue())) {
        String at = "tools[" + i + "].project_connection_id";
        problems.add(
            new Problem(
                at,
                "not-found",
                at
                    + ": project '"
                    + project
                    + "' has no connection '"
                    + id.stringValue()
                    + "' (expected: one of GET /admin/v1/connections?project="
                    + project
                    + ")"));
      }
    }
  }

  private static Map<String, JsonNode> definitions(List<AgentRows.Row> rows) {
    Map<String, JsonNode> out = new java.util.HashMap<>();
    for (AgentRows.Row r : rows) {
      out.put(r.name(), JSON.readTree(r.definition()));
    }
    return out;
  }

  private static List<String> parents(List<AgentRows.Row> rows, String name) {
    List<String> out = new ArrayList<>();
    for (AgentRows.Row r : rows) {
      for (JsonNode s : JSON.readTree(r.definition()).path("subagents")) {
        if (s.asString().equals(name)) {
          out.add(r.name());
        }
      }
    }
    return out;
  }

  private static AgentRows.Row row(Tx tx, String project, String name) throws SQLException {
    return AgentRows.find(tx, project, name).orElseThrow(() -> notFound(project, name));
  }

  private static GatehouseException notFound(String project, String name) {
    return new GatehouseException(
        AgentErrors.AGENT_NOT_FOUND, "project '" + project + "' has no agent '" + name + "'");
  }

  private static GatehouseException invalid(String project, String name, List<Problem> problems) {
    return new GatehouseException(
        AgentErrors.INVALID_AGENT,
        problems.size()
            + " problem(s) in agent "
            + (name == null ? "" : "'" + name + "' ")
            + "of project '"
            + project
            + "': "
            + problems.getFirst().message()
            + (problems.size() > 1 ? " (and more in details)" : ""),
        problems);
  }

  static AgentDefinition definition(AgentRows.Row r) {
    JsonNode d = JSON.readTree(r.definition());
    List<JsonNode> tools = new ArrayList<>();
    d.path("tools").forEach(tools::add);
    List<String> subagents = new ArrayList<>();
    d.path("subagents").forEach(s -> subagents.add(s.asString()));
    return new AgentDefinition(
        r.project(),
        r.name(),
        d.path("model").asString(),
        d.path("instructions").isString() ? d.get("instructions").stringValue() : null,
        tools,
        subagents,
        r.published());
  }

  /** The stored JSON of a definition, as {@link AgentCheck} makes it. */
  private static ObjectNode definitionJson(AgentDefinition d) {
    ObjectNode n = JSON.createObjectNode();
    n.put("model", d.model());
    if (d.instructions() != null) {
      n.put("instructions", d.instructions());
    }
    var tools = n.putArray("tools");
    d.tools().forEach(tools::add);
    var subagents = n.putArray("subagents");
    d.subagents().forEach(subagents::add);
    return n;
  }

  private static StoredAgent stored(AgentRows.Row r) {
    return new StoredAgent(
        definition(r),
        r.publishedAt() == null ? null : instant(r.publishedAt()),
        r.managedBy(),
        instant(r.createdAt()),
        instant(r.updatedAt()));
  }

  static long micros(Instant i) {
    return Math.addExact(Math.multiplyExact(i.getEpochSecond(), 1_000_000L), i.getNano() / 1000);
  }

  static Instant instant(long micros) {
    return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
  }

  /** How often {@link #find} asked the store, for tests. */
  int viewStoreReads() {
    return view.storeReads();
  }
}
