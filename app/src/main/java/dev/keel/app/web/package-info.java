/** Web answers shared by every endpoint of the ingest port, such as its error format. */
package dev.keel.app.web;
