/** The connections' SQL and JSON, for the facade's use only. */
package io.gatehouse.connect.internal;
