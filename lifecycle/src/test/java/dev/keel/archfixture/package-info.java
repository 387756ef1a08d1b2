/** Classes that break (or keep) the thread-launch rule, for testing the rule itself. Never run. */
package dev.keel.archfixture;
