package io.gatehouse.agent.run;

import io.gatehouse.agent.approve.Approval;
import io.gatehouse.agent.approve.ApprovalStore;
import io.gatehouse.agent.model.ChatMessage;
import io.gatehouse.agent.model.ModelCall;
import io.gatehouse.agent.model.ModelClient;
import io.gatehouse.agent.model.ModelFailure;
import io.gatehouse.agent.model.ModelReply;
import io.gatehouse.agent.model.ToolCall;
import io.gatehouse.agent.model.Usage;
import io.gatehouse.agent.tools.CallOutcome;
import io.gatehouse.agent.tools.ToolGateway;
import io.gatehouse.agent.tools.ToolServer;
import io.gatehouse.agent.wire.Ids;
import io.gatehouse.agent.wire.Items;
import io.gatehouse.agent.wire.McpToolSpec;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * One response's work: settles what the previous response left waiting (approvals, consent, a
 * subagent), then turns the loop — model, tool calls through the gateway, results back — until the
 * model answers, something needs the user, or a limit is reached. Not thread-safe: one run per
 * response, on one virtual thread (its tool calls fan out to others).
 */
final class Run {
  private static final JsonMapper JSON = JsonMapper.shared();

  /** How a frame ended this time. */
  enum Ending {
    DONE,
    WAITING,
    STOPPED
  }

  record Outcome(Ending ending, String text) {}

  /** What one frame runs: its model, instructions and tools. */
  record Profile(
      String model,
      String instructions,
      List<McpToolSpec> tools,
      List<String> subagents,
      boolean published) {}

  private final Context ctx;
  private final Emitter emit;
  final ArrayNode output = JsonNodeFactory.instance.arrayNode();
  final ObjectNode listed;
  Usage usage = Usage.NONE;
  String stopReason;
  String stopMessage;
  private int turns;
  private int toolCalls;
  private final Instant deadline;
  private final Map<String, ToolServer> servers = new HashMap<>();
  private final Map<String, Decision> decisions;

  record Decision(boolean approve, String reason) {}

  /** What a run needs from the runtime and the request. */
  record Context(
      String responseId,
      String project,
      ToolGateway.Caller caller,
      Function<String, Profile> profiles,
      ModelClient model,
      ToolGateway gateway,
      ApprovalStore approvals,
      RunSettings settings,
      io.gatehouse.agent.tools.ToolRevisions revisions,
      int maxToolCalls,
      JsonNode toolChoice,
      Integer maxOutputTokens,
      boolean parallel,
      Clock clock) {}

  Run(Context ctx, Emitter emit, ObjectNode listed, Map<String, Decision> decisions) {
    this.ctx = ctx;
    this.emit = emit;
    this.listed = listed;
    this.decisions = decisions;
    this.deadline = ctx.clock().instant().plus(ctx.settings().maxTime());
  }

  /** Runs {@code frame}, after appending {@code input} once its waiting calls are settled. */
  Outcome frame(Frame frame, List<ChatMessage> input) throws ModelFailure {
    Profile profile = ctx.profiles().apply(frame.agent);
    FunctionTable table = new FunctionTable();
    Outcome settled = settle(frame, profile);
    if (settled != null) {
      return settled;
    }
    frame.transcript.addAll(input);
    if (!list(frame, profile, table)) {
      return new Outcome(Ending.WAITING, null);
    }
    boolean first =
        frame.agent == null; // tool_choice is the request's: its main agent's first turn
    while (true) {
      String limit = limit();
      if (limit != null) {
        return stop(limit);
      }
      turns++;
      List<ChatMessage> messages = new ArrayList<>();
      if (profile.instructions() != null) {
        messages.add(new ChatMessage.System(profile.instructions()));
      }
      messages.addAll(frame.transcript);
      ModelReply reply =
          ctx.model()
              .complete(
                  new ModelCall(
                      profile.model(),
                      messages,
                      table.functions(),
                      first ? choice(table) : "auto",
                      ctx.maxOutputTokens()));
      first = false;
      usage = usage.plus(reply.usage());
      String text = reply.text() == null || reply.text().isBlank() ? null : reply.text();
      if (reply.toolCalls().isEmpty()) {
        frame.transcript.add(new ChatMessage.Assistant(text, List.of()));
        if (text != null) {
          message(frame, text);
        }
        return new Outcome(Ending.DONE, text == null ? "" : text);
      }
      frame.transcript.add(new ChatMessage.Assistant(text, reply.toolCalls()));
      if (text != null) {
        message(frame, text);
      }
      List<PendingCall> turn = new ArrayList<>();
      for (ToolCall c : reply.toolCalls()) {
        turn.add(classify(frame, profile, table, c));
      }
      Outcome o = work(frame, profile, table, turn);
      if (o != null) {
        return o;
      }
    }
  }

  /** The first turn's {@code tool_choice}, as a function name where it names one tool. */
  private String choice(FunctionTable table) {
    JsonNode c = ctx.toolChoice();
    if (c == null || c.isString()) {
      return c == null ? "auto" : c.stringValue();
    }
    if (c.path("type").asString("").equals("function")) {
      return c.path("name").asString();
    }
    String fn = table.functionOf(c.path("server_label").asString(), c.path("name").asString(null));
    return c.hasNonNull("name") && fn != null ? fn : "required";
  }

  private PendingCall classify(Frame frame, Profile profile, FunctionTable table, ToolCall c) {
    FunctionTable.Target t = table.target(c.name());
    if (t == null) {
      PendingCall p =
          new PendingCall(c.id(), c.name(), null, null, c.arguments(), PendingCall.DONE);
      p.result = "error: there is no function '" + c.name() + "'";
      return p;
    }
    if (t.subagent() != null) {
      return new PendingCall(
          c.id(), c.name(), null, t.subagent(), c.arguments(), PendingCall.DELEGATE);
    }
    PendingCall p =
        new PendingCall(c.id(), c.name(), t.spec().serverLabel(), t.tool(), c.arguments(), "run");
    if (t.spec().approval().requires(t.tool(), t.definition().path("annotations"))) {
      p.state = PendingCall.APPROVAL;
      p.approvalId = Ids.next("mcpr_");
      ObjectNode item =
          tag(frame, Items.approvalRequest(p.approvalId, p.label, p.tool, p.arguments));
      int index = add(item);
      emit.added(index, item);
      emit.done(index, item);
      if (ctx.approvals() != null) {
        Instant now = ctx.clock().instant();
        ctx.approvals()
            .create(
                new Approval(
                    p.approvalId,
                    Approval.Kind.AGENT,
                    ctx.caller().user().id(),
                    ctx.project(),
                    server(frame, t.spec()).route(),
                    p.label,
                    p.tool,
                    p.arguments,
                    now,
                    now.plus(ctx.settings().approvalExpiry()),
                    Approval.State.PENDING,
                    null,
                    null,
                    null));
      }
    }
    return p;
  }

  /**
   * Runs a turn's calls: the ready ones in parallel, then the delegations one by one. Returns null
   * when every call has its result (appended to the transcript), else how the frame stops.
   */
  private Outcome work(Frame frame, Profile profile, FunctionTable table, List<PendingCall> turn)
      throws ModelFailure {
    List<PendingCall> ready = turn.stream().filter(p -> p.state.equals("run")).toList();
    execute(frame, profile, ready);
    if (stopReason != null) {
      return new Outcome(Ending.STOPPED, null);
    }
    for (PendingCall p : turn) {
      if (p.state.equals(PendingCall.DELEGATE) && frame.child == null) {
        Outcome o = delegate(frame, p);
        if (o.ending() == Ending.STOPPED) {
          return o;
        }
      }
    }
    boolean waiting = turn.stream().anyMatch(p -> !p.state.equals(PendingCall.DONE));
    if (waiting) {
      frame.pending = turn;
      return new Outcome(Ending.WAITING, null);
    }
    for (PendingCall p : turn) {
      frame.transcript.add(new ChatMessage.ToolResult(p.callId, p.result));
    }
    return null;
  }

  /** Starts (or resumes) the subagent a delegation names; its answer is the call's result. */
  private Outcome delegate(Frame frame, PendingCall p) throws ModelFailure {
    Frame child = frame.child;
    List<ChatMessage> input = List.of();
    if (child == null) {
      String task;
      try {
        task = JSON.readTree(p.arguments).path("task").asString(p.arguments);
      } catch (RuntimeException e) {
        task = p.arguments;
      }
      child = new Frame(p.tool, List.of());
      input = List.of(new ChatMessage.User(task));
    }
    Outcome o = frame(child, input);
    switch (o.ending()) {
      case WAITING -> frame.child = child;
      case DONE -> {
        frame.child = null;
        p.state = PendingCall.DONE;
        p.result = o.text();
      }
      case STOPPED -> {
        frame.child = null;
        p.state = PendingCall.DONE;
        p.result = "the subagent stopped: " + stopMessage;
      }
    }
    return o;
  }

  /**
   * Settles what the frame left waiting in the previous response. Returns null when the frame may
   * go on, else how it stops again.
   */
  private Outcome settle(Frame frame, Profile profile) throws ModelFailure {
    if (frame.pending.isEmpty()) {
      return null;
    }
    List<PendingCall> ready = new ArrayList<>();
    for (PendingCall p : frame.pending) {
      if (p.state.equals(PendingCall.APPROVAL)) {
        Decision d = decisions.get(p.approvalId);
        if (ctx.approvals() != null) {
          var stored = ctx.approvals().find(p.approvalId).orElse(null);
          if (stored != null && stored.state() == Approval.State.EXPIRED) {
            d = null;
            p.state = PendingCall.DONE;
            p.result = "The approval request expired; the call was not made.";
            continue;
          }
          if (d != null
              && ctx.approvals()
                  .decide(p.approvalId, ctx.caller().user().id(), d.approve(), d.reason())
                  .isEmpty()) {
            // answered meanwhile by another continuation of the same response: not run twice
            p.state = PendingCall.DONE;
            p.result = "The approval request was answered elsewhere; the call was not made here.";
            continue;
          }
        }
        if (d != null && d.approve()) {
          p.state = "run";
          ready.add(p);
        } else {
          p.state = PendingCall.DONE;
          p.result =
              d == null
                  ? "The user did not answer the approval request; the call was not made."
                  : "The user did not approve this call"
                      + (d.reason() == null || d.reason().isBlank() ? "." : ": " + d.reason());
        }
      } else if (p.state.equals(PendingCall.CONSENT)) {
        p.state = "retry";
        ready.add(p);
      }
    }
    execute(frame, profile, ready);
    if (stopReason != null) {
      return new Outcome(Ending.STOPPED, null);
    }
    for (PendingCall p : frame.pending) {
      if (p.state.equals(PendingCall.DELEGATE)) {
        Outcome o = delegate(frame, p);
        if (o.ending() == Ending.STOPPED) {
          return o;
        }
        if (o.ending() == Ending.WAITING) {
          break;
        }
      }
    }
    if (frame.pending.stream().anyMatch(p -> !p.state.equals(PendingCall.DONE))) {
      return new Outcome(Ending.WAITING, null);
    }
    for (PendingCall p : frame.pending) {
      frame.transcript.add(new ChatMessage.ToolResult(p.callId, p.result));
    }
    frame.pending = new ArrayList<>();
    return null;
  }

  /** Runs MCP calls, in parallel when allowed; each ends DONE or waiting for CONSENT. */
  private void execute(Frame frame, Profile profile, List<PendingCall> calls) {
    List<Runnable> work = new ArrayList<>();
    for (PendingCall p : calls) {
      boolean retry = p.state.equals("retry");
      McpToolSpec spec = spec(profile, p.label);
      if (spec == null) {
        p.state = PendingCall.DONE;
        p.result = "error: the server '" + p.label + "' is no longer among the tools";
        continue;
      }
      String limit = toolCalls >= ctx.maxToolCalls() ? "max_tool_calls" : limit();
      ObjectNode item =
          tag(frame, Items.call(Ids.next("mcp_"), p.label, p.tool, p.arguments, p.approvalId));
      int index = add(item);
      emit.added(index, item);
      argumentEvents(index, item);
      if (limit != null) {
        stop(limit);
        Items.failed(item, Items.protocolError(-32000, "not run: " + stopMessage), "incomplete");
        emit.done(index, item);
        p.state = PendingCall.DONE;
        p.result = "not run: " + stopMessage;
        continue;
      }
      toolCalls++;
      emit.itemEvent("response.mcp_call.in_progress", index, item.path("id").asString());
      JsonNode arguments;
      try {
        arguments = JSON.readTree(p.arguments);
      } catch (RuntimeException e) {
        arguments = null;
      }
      if (arguments == null || !arguments.isObject()) {
        finish(
            p,
            index,
            item,
            new CallOutcome.Failed(
                Items.protocolError(-32602, "the arguments are not a JSON object"),
                "error: the arguments are not a JSON object"),
            retry);
        continue;
      }
      ToolServer server = server(frame, spec);
      JsonNode args = arguments;
      work.add(() -> finish(p, index, item, server.call(p.tool, args), retry));
    }
    if (work.size() <= 1 || !ctx.parallel()) {
      work.forEach(Runnable::run);
      return;
    }
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> running = new ArrayList<>();
      for (Runnable r : work) {
        running.add(threads.submit(r));
      }
      for (Future<?> f : running) {
        try {
          f.get();
        } catch (ExecutionException e) {
          throw new IllegalStateException("a tool call failed unexpectedly", e.getCause());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while tools ran", e);
        }
      }
    }
  }

  private void finish(
      PendingCall p, int index, ObjectNode item, CallOutcome outcome, boolean retry) {
    String id = item.path("id").asString();
    switch (outcome) {
      case CallOutcome.Done d -> {
        Items.completed(item, d.output());
        emit.itemEvent("response.mcp_call.completed", index, id);
        p.state = PendingCall.DONE;
        p.result = d.output();
      }
      case CallOutcome.Failed f -> {
        Items.failed(item, f.error(), "failed");
        emit.itemEvent("response.mcp_call.failed", index, id);
        p.state = PendingCall.DONE;
        p.result = "error: " + f.text();
      }
      case CallOutcome.ConsentNeeded c when retry -> {
        String message =
            "this tool needs your authorization: consent to '"
                + p.label
                + "' was not given; open "
                + c.link()
                + " to give it";
        Items.failed(item, Items.protocolError(-32042, message), "failed");
        emit.itemEvent("response.mcp_call.failed", index, id);
        p.state = PendingCall.DONE;
        p.result = "error: " + message;
      }
      case CallOutcome.ConsentNeeded c -> {
        Items.failed(
            item,
            Items.protocolError(-32042, "waiting for your consent to '" + p.label + "'"),
            "incomplete");
        emit.itemEvent("response.mcp_call.failed", index, id);
        p.state = PendingCall.CONSENT;
        synchronized (this) {
          emit.done(index, item);
          consentRequest(item.path("agent"), p.label, c.link());
        }
        return;
      }
    }
    emit.done(index, item);
  }

  private void argumentEvents(int index, ObjectNode item) {
    if (!emit.streaming()) {
      return;
    }
    String id = item.path("id").asString();
    ObjectNode delta = emit.event("response.mcp_call_arguments.delta");
    delta
        .put("output_index", index)
        .put("item_id", id)
        .put("delta", item.path("arguments").asString());
    emit.send(delta);
    ObjectNode done = emit.event("response.mcp_call_arguments.done");
    done.put("output_index", index)
        .put("item_id", id)
        .put("arguments", item.path("arguments").asString());
    emit.send(done);
  }

  /**
   * Lists the tools of every server the frame uses that the chain has not listed yet, and builds
   * the frame's functions. Returns false when a server needs the user's consent first.
   */
  private boolean list(Frame frame, Profile profile, FunctionTable table) {
    boolean consent = false;
    for (McpToolSpec spec : profile.tools()) {
      String key = key(frame, spec.serverLabel());
      ToolServer server = server(frame, spec);
      JsonNode before = listed.get(key);
      long revision = server.route() == null ? 0 : ctx.revisions().of(server.route());
      if (before != null && before.path("revision").asLong(0) != revision) {
        listed.remove(key); // the server's tools changed since the chain listed them
      }
      if (!listed.has(key)) {
        ObjectNode item =
            tag(frame, Items.listTools(Ids.next("mcpl_"), spec.serverLabel(), List.of(), null));
        CallOutcome o = server.listTools();
        if (o instanceof CallOutcome.ConsentNeeded c
            && !frame.consentAsked.contains(spec.serverLabel())) {
          frame.consentAsked.add(spec.serverLabel());
          consentRequest(item.path("agent"), spec.serverLabel(), c.link());
          consent = true;
          continue;
        }
        int index = add(item);
        emit.added(index, item);
        emit.itemEvent("response.mcp_list_tools.in_progress", index, item.path("id").asString());
        switch (o) {
          case CallOutcome.Done d -> {
            List<JsonNode> tools = new ArrayList<>();
            d.result().forEach(tools::add);
            ObjectNode full =
                Items.listTools(item.path("id").asString(), spec.serverLabel(), tools, null);
            item.set("tools", full.get("tools"));
            ObjectNode entry = listed.putObject(key).put("revision", revision);
            entry.set("tools", JSON.valueToTree(tools));
            frame.consentAsked.remove(spec.serverLabel());
            emit.itemEvent("response.mcp_list_tools.completed", index, item.path("id").asString());
          }
          case CallOutcome.Failed f -> {
            item.put("error", f.text());
            emit.itemEvent("response.mcp_list_tools.failed", index, item.path("id").asString());
          }
          case CallOutcome.ConsentNeeded c -> {
            item.put(
                "error",
                "this tool needs your authorization: consent to '"
                    + spec.serverLabel()
                    + "' was not given; open "
                    + c.link()
                    + " to give it");
            emit.itemEvent("response.mcp_list_tools.failed", index, item.path("id").asString());
          }
        }
        emit.done(index, item);
      }
    }
    frame.waitingForConsent = consent;
    if (consent) {
      return false;
    }
    for (McpToolSpec spec : profile.tools()) {
      JsonNode tools = listed.path(key(frame, spec.serverLabel())).get("tools");
      if (tools == null) {
        continue;
      }
      for (JsonNode t : tools) {
        if (spec.allows(t.path("name").asString(""), t.path("annotations"))) {
          table.addTool(spec, t);
        }
      }
    }
    profile.subagents().forEach(table::addSubagent);
    return true;
  }

  private void consentRequest(JsonNode agent, String label, String link) {
    ObjectNode item =
        Items.consentRequest(Ids.next("oauthreq_"), label, link, ctx.caller().user().id());
    if (agent.isObject()) {
      item.set("agent", agent);
    }
    int index = add(item);
    emit.added(index, item);
    emit.done(index, item);
  }

  private void message(Frame frame, String text) {
    ObjectNode item = tag(frame, Items.message(Ids.next("msg_"), text, "completed"));
    int index = add(item);
    if (emit.streaming()) {
      ObjectNode start = item.deepCopy();
      start.put("status", "in_progress");
      start.putArray("content");
      emit.added(index, start);
      String id = item.path("id").asString();
      ObjectNode emptyPart =
          JsonNodeFactory.instance.objectNode().put("type", "output_text").put("text", "");
      emptyPart.putArray("annotations");
      ObjectNode partAdded = emit.event("response.content_part.added");
      partAdded.put("item_id", id).put("output_index", index).put("content_index", 0);
      partAdded.set("part", emptyPart);
      emit.send(partAdded);
      for (String piece : pieces(text)) {
        ObjectNode delta = emit.event("response.output_text.delta");
        delta
            .put("item_id", id)
            .put("output_index", index)
            .put("content_index", 0)
            .put("delta", piece);
        delta.putArray("logprobs");
        emit.send(delta);
      }
      ObjectNode done = emit.event("response.output_text.done");
      done.put("item_id", id).put("output_index", index).put("content_index", 0).put("text", text);
      done.putArray("logprobs");
      emit.send(done);
      ObjectNode partDone = emit.event("response.content_part.done");
      partDone.put("item_id", id).put("output_index", index).put("content_index", 0);
      partDone.set("part", item.path("content").get(0).deepCopy());
      emit.send(partDone);
    }
    emit.done(index, item);
  }

  /** The text in pieces of about 24 characters, cut after spaces, as deltas. */
  private static List<String> pieces(String text) {
    List<String> out = new ArrayList<>();
    int start = 0;
    while (start < text.length()) {
      int end = Math.min(text.length(), start + 24);
      int space = text.indexOf(' ', end);
      end = space < 0 || space - end > 16 ? end : space + 1;
      out.add(text.substring(start, end));
      start = end;
    }
    return out;
  }

  private synchronized int add(ObjectNode item) {
    output.add(item);
    return output.size() - 1;
  }

  private static ObjectNode tag(Frame frame, ObjectNode item) {
    if (frame.agent != null) {
      item.putObject("agent").put("agent_name", frame.agent);
    }
    return item;
  }

  private String limit() {
    if (stopReason != null) {
      return stopReason;
    }
    if (turns >= ctx.settings().maxIterations()) {
      return "max_iterations";
    }
    if (!ctx.clock().instant().isBefore(deadline)) {
      return "max_time";
    }
    return null;
  }

  private Outcome stop(String reason) {
    if (stopReason == null) {
      stopReason = reason;
      stopMessage =
          switch (reason) {
            case "max_iterations" ->
                "the response reached its limit of "
                    + ctx.settings().maxIterations()
                    + " model turns";
            case "max_tool_calls" ->
                "the response reached its limit of " + ctx.maxToolCalls() + " tool calls";
            default -> "the response reached its time limit of " + ctx.settings().maxTime();
          };
    }
    return new Outcome(Ending.STOPPED, null);
  }

  private static McpToolSpec spec(Profile profile, String label) {
    return profile.tools().stream()
        .filter(t -> t.serverLabel().equals(label))
        .findFirst()
        .orElse(null);
  }

  private static String key(Frame frame, String label) {
    return (frame.agent == null ? "" : frame.agent) + "/" + label;
  }

  private synchronized ToolServer server(Frame frame, McpToolSpec spec) {
    Profile p = ctx.profiles().apply(frame.agent);
    ToolGateway.Caller caller =
        frame.agent == null ? ctx.caller() : ctx.caller().as(frame.agent, p.published());
    return servers.computeIfAbsent(
        key(frame, spec.serverLabel()), k -> ctx.gateway().open(spec, caller));
  }

  /** Ends every tool session this run opened. */
  void close() {
    servers.values().forEach(ToolServer::close);
  }
}
