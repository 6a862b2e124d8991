/** The connections' admin API. */
package io.gatehouse.connect.http;
