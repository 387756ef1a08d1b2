/**
 * The optional Spring adapter: {@link dev.keel.lifecycle.spring.ComponentLifecycle} makes a
 * component a {@code SmartLifecycle} bean. The only Spring-aware code in the lifecycle module.
 */
package dev.keel.lifecycle.spring;
