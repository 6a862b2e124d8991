package io.gatehouse.catalog;

import java.util.Locale;

/**
 * Where a deployment's tool discovery stands: pending (not tried yet), discovering, ready (tools
 * stored), failed (the error key and message say why).
 */
public enum DeploymentStatus {
  PENDING,
  DISCOVERING,
  READY,
  FAILED;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }
}
