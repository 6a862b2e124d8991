package io.gatehouse.agent.run;

import io.gatehouse.agent.AgentErrors;
import io.gatehouse.agent.approve.ApprovalStore;
import io.gatehouse.agent.define.AgentDefinition;
import io.gatehouse.agent.define.AgentDirectory;
import io.gatehouse.agent.model.ChatMessage;
import io.gatehouse.agent.model.ModelClient;
import io.gatehouse.agent.model.ModelFailure;
import io.gatehouse.agent.model.ModelUsage;
import io.gatehouse.agent.tools.ToolGateway;
import io.gatehouse.agent.tools.ToolRevisions;
import io.gatehouse.agent.wire.BadRequest;
import io.gatehouse.agent.wire.Ids;
import io.gatehouse.agent.wire.Items;
import io.gatehouse.agent.wire.McpToolSpec;
import io.gatehouse.agent.wire.OpenAiErrors;
import io.gatehouse.agent.wire.ResponsesRequest;
import io.gatehouse.core.GatehouseException;
import io.gatehouse.core.Principal;
import io.gatehouse.core.Secret;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Responses API's work, apart from HTTP: creates a response (running the loop), continues one
 * from {@code previous_response_id}, and reads and deletes the stored ones, each only for the user
 * who made it.
 */
public final class Responses {
  private static final Logger log = LoggerFactory.getLogger(Responses.class);
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private final ResponseStore store;
  private final ModelClient model;
  private final ModelUsage usage;
  private final ToolGateway gateway;
  private final AgentDirectory agents;
  private final ApprovalStore approvals;
  private final RunSettings settings;
  private final ToolRevisions revisions;
  private final Clock clock;

  /**
   * @param agents the stored agents, or null when none can be named
   * @param approvals where approval requests are recorded (and listed), or null
   * @param revisions how often each route's tools changed, so a chain lists them again
   */
  public Responses(
      ResponseStore store,
      ModelClient model,
      ModelUsage usage,
      ToolGateway gateway,
      AgentDirectory agents,
      ApprovalStore approvals,
      RunSettings settings,
      ToolRevisions revisions,
      Clock clock) {
    this.revisions = revisions;
    this.store = store;
    this.model = model;
    this.usage = usage;
    this.gateway = gateway;
    this.agents = agents;
    this.approvals = approvals;
    this.settings = settings;
    this.clock = clock;
  }

  /**
   * Creates a response for {@code user} in {@code project}: runs it to its end and returns the
   * response object. With {@code events} (a streamed request), every event is handed to it as it
   * happens, {@code response.created} first and the terminal event last.
   *
   * @throws GatehouseException for a request refused before anything ran (a {@link BadRequest}, an
   *     unknown previous response or agent), or, without {@code events}, a model failure
   */
  public ObjectNode create(Caller caller, ResponsesRequest request, Consumer<ObjectNode> events) {
    return prepare(caller, request).run(events);
  }

  /**
   * Who asks for a response, and where.
   *
   * @param credential their own credential, which every route their tools go through checks
   * @param address where they called from, or null
   */
  public record Caller(Principal user, Secret credential, String address, String project) {
    @Override
    public String toString() {
      return "Caller[" + user.id() + " in " + project + "]";
    }
  }

  /** A checked request, ready to run. */
  @FunctionalInterface
  public interface Prepared {
    /**
     * Runs the response to its end; see {@link #create}.
     *
     * @param events the streamed events, or null
     */
    ObjectNode run(Consumer<ObjectNode> events);
  }

  /**
   * Checks a request as {@link #create} does, without running it: what is refused here is refused
   * before a stream starts.
   *
   * @throws GatehouseException as {@link #create} does before anything runs
   */
  public Prepared prepare(Caller caller, ResponsesRequest request) {
    Principal user = caller.user();
    String project = caller.project();
    Instant now = clock.instant();
    StoredResponse previous = null;
    if (request.previousResponseId() != null) {
      previous =
          store
              .find(request.previousResponseId(), user.id(), now)
              .filter(p -> p.project().equals(project))
              .orElseThrow(
                  () ->
                      new BadRequest(
                          AgentErrors.RESPONSE_NOT_FOUND,
                          "previous_response_id",
                          "Previous response with id '"
                              + request.previousResponseId()
                              + "' not found."));
    }
    ObjectNode state = previous == null ? F.objectNode() : previous.state().deepCopy();
    String agentName =
        request.agent() != null ? request.agent() : state.path("agent").asString(null);
    AgentDefinition agent = agentName == null ? null : agent(project, agentName);
    String modelName =
        request.model() != null
            ? request.model()
            : agent != null ? agent.model() : state.path("model").asString(null);
    if (modelName == null) {
      throw new BadRequest("model", "model is required");
    }
    List<McpToolSpec> tools = tools(request, agent, state);
    Frame top =
        state.hasNonNull("frame") ? Frame.read(state.get("frame")) : new Frame(null, List.of());
    Map<String, Run.Decision> decisions = decisions(request, top);
    List<ChatMessage> input = messages(request.input());
    return events ->
        run(
            caller, request, now, state, agentName, agent, modelName, tools, top, decisions, input,
            events);
  }

  private ObjectNode run(
      Caller caller,
      ResponsesRequest request,
      Instant now,
      ObjectNode state,
      String agentName,
      AgentDefinition agent,
      String modelName,
      List<McpToolSpec> tools,
      Frame top,
      Map<String, Run.Decision> decisions,
      List<ChatMessage> input,
      Consumer<ObjectNode> events) {
    Principal user = caller.user();
    String project = caller.project();
    String id = Ids.response();
    Map<String, AgentDefinition> cache = new HashMap<>();
    AgentDefinition main = agent;
    Run.Context ctx =
        new Run.Context(
            id,
            project,
            new ToolGateway.Caller(
                user,
                caller.credential(),
                caller.address(),
                project,
                main == null ? null : main.name(),
                main != null && main.published()),
            name -> profile(project, name, main, modelName, request, tools, cache),
            model,
            gateway,
            approvals,
            settings,
            revisions,
            request.maxToolCalls() == null
                ? settings.maxToolCalls()
                : Math.min(request.maxToolCalls(), settings.maxToolCalls()),
            request.toolChoice(),
            request.maxOutputTokens(),
            request.parallelToolCalls(),
            clock);
    ObjectNode listed =
        state.path("listed").isObject() ? (ObjectNode) state.get("listed") : F.objectNode();
    Emitter emit = events == null ? Emitter.none() : new Emitter(events);
    Run run = new Run(ctx, emit, listed, decisions);
    ObjectNode body = body(id, now, request, modelName, agentName, tools, run.output);
    if (emit.streaming()) {
      ObjectNode created = emit.event("response.created");
      created.set("response", body.deepCopy());
      emit.send(created);
      ObjectNode progress = emit.event("response.in_progress");
      progress.set("response", body.deepCopy());
      emit.send(progress);
    }
    GatehouseException failure = null;
    Run.Outcome outcome = null;
    try {
      outcome = run.frame(top, input);
    } catch (ModelFailure e) {
      failure = e;
    } catch (RuntimeException e) {
      // the store or a tool thread failed: the response fails, and is still kept and counted
      log.error("response {} failed unexpectedly", id, e);
      failure =
          new GatehouseException(
              io.gatehouse.core.Errors.INTERNAL_ERROR, "the response failed unexpectedly");
    } finally {
      run.close();
    }
    finish(body, run, outcome, failure);
    ObjectNode newState = F.objectNode();
    newState.set("frame", top.toJson());
    newState.set("listed", listed);
    ArrayNode storedTools = newState.putArray("tools");
    tools.forEach(t -> storedTools.add(t.toJson()));
    newState.put("model", modelName);
    if (agentName != null) {
      newState.put("agent", agentName);
    }
    if (request.store()) {
      store.save(
          new StoredResponse(
              id,
              user.id(),
              project,
              now,
              now.plus(settings.retention()),
              body,
              inputItems(request.input()),
              newState));
    }
    usage.record(id, project, user.id(), agentName, modelName, run.usage);
    if (emit.streaming()) {
      String type =
          switch (body.path("status").asString()) {
            case "failed" -> "response.failed";
            case "incomplete" -> "response.incomplete";
            default -> "response.completed";
          };
      ObjectNode end = emit.event(type);
      end.set("response", body);
      emit.send(end);
    } else if (failure != null) {
      throw failure;
    }
    return body;
  }

  private void finish(ObjectNode body, Run run, Run.Outcome outcome, GatehouseException failure) {
    body.put("status", "completed");
    if (failure != null) {
      body.put("status", "failed");
      body.set("error", OpenAiErrors.responseError(failure));
      log.info(
          "response {} failed: {} {}",
          body.path("id").asString(),
          failure.error().key(),
          failure.getMessage());
    } else if (outcome.ending() == Run.Ending.STOPPED) {
      body.put("status", "incomplete");
      body.putObject("incomplete_details").put("reason", run.stopReason);
      body.putObject("error")
          .put("code", run.stopReason.toUpperCase(java.util.Locale.ROOT))
          .put("message", run.stopMessage);
    }
    if (failure == null) {
      body.put("completed_at", clock.instant().getEpochSecond());
    }
    body.set(
        "usage",
        Items.usage(run.usage.inputTokens(), run.usage.outputTokens(), run.usage.totalTokens()));
  }

  /** The response object, in progress, around the (live) output array. */
  private static ObjectNode body(
      String id,
      Instant now,
      ResponsesRequest request,
      String modelName,
      String agentName,
      List<McpToolSpec> tools,
      ArrayNode output) {
    ObjectNode b = F.objectNode();
    b.put("id", id).put("object", "response").put("created_at", now.getEpochSecond());
    b.put("status", "in_progress").put("background", false);
    b.putNull("error");
    b.putNull("incomplete_details");
    if (request.instructions() == null) {
      b.putNull("instructions");
    } else {
      b.put("instructions", request.instructions());
    }
    if (request.maxOutputTokens() == null) {
      b.putNull("max_output_tokens");
    } else {
      b.put("max_output_tokens", request.maxOutputTokens());
    }
    if (request.maxToolCalls() == null) {
      b.putNull("max_tool_calls");
    } else {
      b.put("max_tool_calls", request.maxToolCalls());
    }
    b.put("model", modelName);
    b.set("output", output);
    b.put("parallel_tool_calls", request.parallelToolCalls());
    if (request.previousResponseId() == null) {
      b.putNull("previous_response_id");
    } else {
      b.put("previous_response_id", request.previousResponseId());
    }
    ObjectNode reasoning = b.putObject("reasoning");
    reasoning.putNull("effort");
    reasoning.putNull("summary");
    b.put("service_tier", "default").put("store", request.store()).put("temperature", 1.0);
    b.putObject("text").put("verbosity", "medium").putObject("format").put("type", "text");
    b.set("tool_choice", request.toolChoice());
    ArrayNode t = b.putArray("tools");
    tools.forEach(s -> t.add(s.toJson()));
    b.put("top_p", 1.0).put("truncation", "disabled");
    b.putNull("usage");
    b.putNull("user");
    ObjectNode md = b.putObject("metadata");
    request.metadata().forEach(md::put);
    if (agentName != null) {
      b.putObject("agent").put("type", "agent_reference").put("name", agentName);
    }
    return b;
  }

  private AgentDefinition agent(String project, String name) {
    if (agents == null) {
      throw new GatehouseException(
          io.gatehouse.agent.define.AgentErrors.AGENT_NOT_FOUND,
          "project '" + project + "' has no agent '" + name + "'");
    }
    return agents
        .find(project, name)
        .orElseThrow(
            () ->
                new GatehouseException(
                    io.gatehouse.agent.define.AgentErrors.AGENT_NOT_FOUND,
                    "project '" + project + "' has no agent '" + name + "'"));
  }

  /** The main frame's tools: the agent's and the request's (the request's win by label). */
  private static List<McpToolSpec> tools(
      ResponsesRequest request, AgentDefinition agent, ObjectNode state) {
    Map<String, McpToolSpec> byLabel = new LinkedHashMap<>();
    if (agent != null) {
      for (int i = 0; i < agent.tools().size(); i++) {
        McpToolSpec s = McpToolSpec.parse(agent.tools().get(i), "agent.tools[" + i + "]", false);
        byLabel.put(s.serverLabel(), s);
      }
    }
    if (!request.tools().isEmpty()) {
      request.tools().forEach(s -> byLabel.put(s.serverLabel(), s));
    } else if (agent == null && state.path("tools").isArray()) {
      JsonNode stored = state.get("tools");
      for (int i = 0; i < stored.size(); i++) {
        McpToolSpec s = McpToolSpec.parse(stored.get(i), "tools[" + i + "]", false);
        byLabel.put(s.serverLabel(), s);
      }
    }
    return new ArrayList<>(byLabel.values());
  }

  private Run.Profile profile(
      String project,
      String name,
      AgentDefinition main,
      String modelName,
      ResponsesRequest request,
      List<McpToolSpec> tools,
      Map<String, AgentDefinition> cache) {
    if (name == null) {
      String instructions =
          request.instructions() != null
              ? request.instructions()
              : main == null ? null : main.instructions();
      return new Run.Profile(
          modelName,
          instructions,
          tools,
          main == null ? List.of() : main.subagents(),
          main != null && main.published());
    }
    AgentDefinition sub = cache.computeIfAbsent(name, n -> agent(project, n));
    List<McpToolSpec> own = new ArrayList<>();
    for (int i = 0; i < sub.tools().size(); i++) {
      own.add(McpToolSpec.parse(sub.tools().get(i), "agents." + name + ".tools[" + i + "]", false));
    }
    return new Run.Profile(sub.model(), sub.instructions(), own, sub.subagents(), sub.published());
  }

  /** The approval answers, each naming an approval the chain is waiting for. */
  private Map<String, Run.Decision> decisions(ResponsesRequest request, Frame top) {
    List<String> waiting = new ArrayList<>();
    for (Frame f = top; f != null; f = f.child) {
      f.pending.stream()
          .filter(p -> p.state.equals(PendingCall.APPROVAL))
          .forEach(p -> waiting.add(p.approvalId));
    }
    Map<String, Run.Decision> out = new HashMap<>();
    List<ObjectNode> answers = request.approvalResponses();
    for (int i = 0; i < answers.size(); i++) {
      ObjectNode a = answers.get(i);
      String id = a.path("approval_request_id").asString();
      if (!waiting.contains(id)) {
        throw new BadRequest(
            "input",
            "approval_request_id '"
                + id
                + "' is not waiting for an answer in the previous response"
                + (request.previousResponseId() == null ? " (send previous_response_id)" : ""));
      }
      var stored = approvals == null ? null : approvals.find(id).orElse(null);
      if (stored != null
          && (stored.state() == io.gatehouse.agent.approve.Approval.State.APPROVED
              || stored.state() == io.gatehouse.agent.approve.Approval.State.DENIED)) {
        throw new BadRequest(
            "input",
            "approval_request_id '"
                + id
                + "' was already answered ("
                + stored.state().name().toLowerCase(java.util.Locale.ROOT)
                + "); continue from the response that answered it");
      }
      out.put(
          id, new Run.Decision(a.path("approve").booleanValue(), a.path("reason").asString(null)));
    }
    return out;
  }

  private static List<ChatMessage> messages(List<ObjectNode> input) {
    List<ChatMessage> out = new ArrayList<>();
    for (ObjectNode item : input) {
      if (!item.path("type").asString().equals("message")) {
        continue;
      }
      StringBuilder text = new StringBuilder();
      for (JsonNode part : item.path("content")) {
        if (!text.isEmpty()) {
          text.append('\n');
        }
        text.append(part.path("text").asString(""));
      }
      switch (item.path("role").asString()) {
        case "system", "developer" -> out.add(new ChatMessage.System(text.toString()));
        case "assistant" -> out.add(new ChatMessage.Assistant(text.toString(), List.of()));
        default -> out.add(new ChatMessage.User(text.toString()));
      }
    }
    return out;
  }

  private static ArrayNode inputItems(List<ObjectNode> input) {
    ArrayNode a = F.arrayNode();
    for (ObjectNode item : input) {
      ObjectNode copy = item.deepCopy();
      if (!copy.path("id").isString()) {
        copy.put("id", Ids.next(copy.path("type").asString().equals("message") ? "msg_" : "item_"));
      }
      if (copy.path("type").asString().equals("message") && !copy.has("status")) {
        copy.put("status", "completed");
      }
      a.add(copy);
    }
    return a;
  }

  /** The stored response {@code id} of {@code user}. */
  public Optional<StoredResponse> find(Principal user, String project, String id) {
    return store.find(id, user.id(), clock.instant()).filter(r -> r.project().equals(project));
  }

  /** Deletes the stored response {@code id} of {@code user}; false when there was none. */
  public boolean delete(Principal user, String project, String id) {
    return find(user, project, id).isPresent() && store.delete(id, user.id());
  }
}
