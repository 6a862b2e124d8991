package io.gatehouse.limits;

/**
 * One quota window as the store keeps it and the usage API lists it.
 *
 * @param windowStart epoch milliseconds
 * @param windowEnd epoch milliseconds, when the window resets
 */
public record QuotaRow(CounterKey key, long windowStart, long windowEnd, long used, long quota) {}
