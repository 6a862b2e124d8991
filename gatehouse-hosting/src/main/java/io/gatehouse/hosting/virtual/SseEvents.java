package io.gatehouse.hosting.virtual;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/** Reads the {@code data} of each event of a {@code text/event-stream}, one event at a time. */
final class SseEvents implements AutoCloseable {
  private final BufferedReader in;

  SseEvents(InputStream body) {
    this.in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
  }

  /** The next event's data (its lines joined), skipping events without any; null at the end. */
  String next() throws IOException {
    StringBuilder data = null;
    String line;
    while ((line = in.readLine()) != null) {
      if (line.isEmpty()) {
        if (data != null) {
          return data.toString();
        }
      } else if (line.startsWith("data:")) {
        String value = line.substring(5).startsWith(" ") ? line.substring(6) : line.substring(5);
        data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
      }
    }
    return data == null ? null : data.toString();
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
