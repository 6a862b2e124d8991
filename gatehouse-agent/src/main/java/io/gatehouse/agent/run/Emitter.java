package io.gatehouse.agent.run;

import java.util.function.Consumer;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Numbers and sends the streaming events of one response ({@code sequence_number} from 0, in the
 * order they are emitted). Without a stream it only counts. Emitting is serialised, so calls that
 * run in parallel cannot interleave their events.
 */
final class Emitter {
  private final Consumer<ObjectNode> sink;
  private int sequence;

  Emitter(Consumer<ObjectNode> sink) {
    this.sink = sink;
  }

  static Emitter none() {
    return new Emitter(null);
  }

  boolean streaming() {
    return sink != null;
  }

  /** A new event of {@code type}, to fill and then {@link #send}. */
  ObjectNode event(String type) {
    return JsonNodeFactory.instance.objectNode().put("type", type);
  }

  synchronized void send(ObjectNode event) {
    event.put("sequence_number", sequence++);
    if (sink != null) {
      sink.accept(event);
    }
  }

  /** An event about one item: {@code output_index} and {@code item_id} set. */
  void itemEvent(String type, int index, String itemId) {
    if (sink == null) {
      return;
    }
    ObjectNode e = event(type).put("output_index", index).put("item_id", itemId);
    send(e);
  }

  void added(int index, ObjectNode item) {
    if (sink == null) {
      return;
    }
    ObjectNode e = event("response.output_item.added").put("output_index", index);
    e.set("item", item.deepCopy());
    send(e);
  }

  void done(int index, ObjectNode item) {
    if (sink == null) {
      return;
    }
    ObjectNode e = event("response.output_item.done").put("output_index", index);
    e.set("item", item.deepCopy());
    send(e);
  }
}
