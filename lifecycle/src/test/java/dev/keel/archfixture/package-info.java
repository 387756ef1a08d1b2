/** Classes that break (or keep) the thread-launch and sleep rules, for testing the rules themselves. Never run. */
package dev.keel.archfixture;
