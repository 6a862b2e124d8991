package io.gatehouse.catalog;

/**
 * An upstream Gatehouse provides itself for a deployment, instead of a URL: an npm package it runs
 * over stdio, or a REST API it serves as MCP tools from an OpenAPI document.
 */
public sealed interface HostedUpstream permits HostedPackage, HostedApi {}
