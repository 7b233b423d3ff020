package io.github.secretsspringboot.test.emulator;

/**
 * Where the emulator sends the events it publishes, as an EventBridge rule target. Called
 * on a thread of its own, one event at a time, in the order of occurrence. A target that
 * throws is retried a few times, then the delivery is recorded as failed. A target that
 * is also {@link AutoCloseable} is closed when it is removed.
 *
 * @see EmulatorEvents#to(EventTarget)
 */
@FunctionalInterface
public interface EventTarget {

	/**
	 * Delivers one event.
	 * @param eventJson the EventBridge event, a JSON document
	 */
	void deliver(String eventJson);

}
