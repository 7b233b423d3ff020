package io.github.secretsspringboot.events;

/**
 * A queue the application names ({@code aws.secrets.events.queue-url}), provisioned
 * outside it: nothing to create, nothing to remove.
 *
 * @author secrets-spring-boot
 */
final class NamedQueue implements EventQueue {

	private final String queueUrl;

	NamedQueue(String queueUrl) {
		this.queueUrl = queueUrl;
	}

	@Override
	public String open() {
		return this.queueUrl;
	}

	@Override
	public boolean heldEventsBeforeOpen() {
		return true;
	}

	@Override
	public void heartbeat() {
	}

	@Override
	public String shownUrl() {
		return this.queueUrl;
	}

	@Override
	public String mode() {
		return "queue";
	}

	@Override
	public void close() {
	}

}
