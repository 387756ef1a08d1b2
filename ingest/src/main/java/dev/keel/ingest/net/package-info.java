/** Network helpers shared by ingest's listeners and the app's HTTP server: address ranges. */
package dev.keel.ingest.net;
