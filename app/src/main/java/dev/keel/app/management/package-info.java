/**
 * What operators see: the {@code workers} Actuator endpoint, a health indicator per component,
 * and the security that keeps everything but health and info behind credentials.
 */
package dev.keel.app.management;
