package io.gatehouse.catalog;

/**
 * What an import did: environments created or updated, versions newly published, versions that were
 * already published with the same document, and deployments created or updated.
 */
public record ImportSummary(
    int environments, int versionsPublished, int versionsUnchanged, int deployments) {}
