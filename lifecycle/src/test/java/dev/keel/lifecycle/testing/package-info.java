/**
 * Test support other modules use, published in the lifecycle test-jar: the leak check
 * ({@link dev.keel.lifecycle.testing.LeakCheck}) and the architecture rule that keeps thread
 * launches inside the lifecycle module ({@link dev.keel.lifecycle.testing.ThreadLaunchRules}).
 */
package dev.keel.lifecycle.testing;
