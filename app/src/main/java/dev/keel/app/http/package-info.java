/** The ingest port's server: connection limits per peer and the request-head deadline. */
package dev.keel.app.http;
