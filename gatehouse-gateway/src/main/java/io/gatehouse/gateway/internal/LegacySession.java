package io.gatehouse.gateway.internal;

import io.gatehouse.gateway.SessionToken;

/**
 * A legacy HTTP+SSE caller (MCP 2024-11-05): its one event stream, and the gateway session it
 * initialized over it. Lives on the replica holding the stream.
 */
final class LegacySession {
  final String id;
  final String route;
  final EventStreamWriter writer;
  final SharedStream stream;
  private volatile String sessionId;
  private volatile SessionToken token;
  private volatile EventSource listening;

  LegacySession(String id, String route, EventStreamWriter writer) {
    this.id = id;
    this.route = route;
    this.writer = writer;
    this.stream = new SharedStream(writer);
  }

  void initialized(String sealedId, SessionToken t) {
    sessionId = sealedId;
    token = t;
  }

  String sessionId() {
    return sessionId;
  }

  SessionToken token() {
    return token;
  }

  synchronized boolean startListening(EventSource source) {
    if (listening != null) {
      source.close();
      return false;
    }
    listening = source;
    return true;
  }

  boolean isListening() {
    return listening != null;
  }

  void close() {
    EventSource l = listening;
    if (l != null) {
      l.close();
    }
    writer.close();
  }
}
