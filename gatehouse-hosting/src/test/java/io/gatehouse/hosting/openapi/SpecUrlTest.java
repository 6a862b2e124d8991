package io.gatehouse.hosting.openapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.gatehouse.core.GatehouseException;
import io.gatehouse.core.net.Egress;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A document read from an http URL on 127.0.0.1 and port 0, through the egress rules. */
class SpecUrlTest {
  private HttpServer server;
  private final AtomicInteger served = new AtomicInteger();

  @BeforeEach
  void start() throws Exception {
    byte[] doc = Files.readAllBytes(Path.of(OpenApiToolsTest.resource("inventory.yaml")));
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/openapi.yaml",
        ex -> {
          served.incrementAndGet();
          ex.sendResponseHeaders(200, doc.length);
          ex.getResponseBody().write(doc);
          ex.close();
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  @Test
  void reads_a_yaml_document_from_a_url() {
    List<RestTool> tools =
        new OpenApiHosting(Egress.defaults()).load(OpenApiRoute.of("r", url("/openapi.yaml")));
    assertThat(tools).extracting(RestTool::name).contains("listItems", "set_stock");
    assertThat(served).hasValue(1);
  }

  @Test
  void a_url_that_does_not_answer_200_is_refused_with_its_status() {
    assertThatThrownBy(
            () -> new OpenApiHosting(Egress.defaults()).load(OpenApiRoute.of("r", url("/none"))))
        .isInstanceOf(GatehouseException.class)
        .hasMessageContaining("answered HTTP 404 (expected: 200)");
  }

  @Test
  void a_url_the_egress_rules_refuse_is_never_asked() {
    OpenApiHosting closed =
        new OpenApiHosting(new Egress(List.of(), List.of(), false, true, Egress.SYSTEM));
    assertThatThrownBy(() -> closed.load(OpenApiRoute.of("r", url("/openapi.yaml"))))
        .extracting(e -> ((GatehouseException) e).error().key())
        .isEqualTo("EGRESS_FORBIDDEN");
    assertThat(served).hasValue(0);
  }
}
