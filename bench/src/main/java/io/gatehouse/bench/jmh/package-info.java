/**
 * JMH microbenchmarks of the gateway's per-message hot path: envelope scanning (against a full
 * Jackson tree parse, to show why the gateway scans), SSE encoding and decoding, session id sealing
 * and opening, and the filter chain with no policies. Run them from the shaded jar with {@code java
 * -cp bench/target/gatehouse-bench.jar org.openjdk.jmh.Main io.gatehouse.bench.jmh}; every score is
 * an average time per operation in nanoseconds.
 */
package io.gatehouse.bench.jmh;
