package io.github.secretsspringboot.client;

import java.net.URI;

/**
 * The start-up warm-up of the Secrets Manager client, as registered in the bootstrap
 * context of the application that started it. The config-data support of this starter
 * tells it the endpoint of the application's client as soon as {@code aws.secrets.*} is
 * bound, before the client is built: for a plain-HTTP endpoint, the TLS set-up of an
 * HTTPS client, the last step of the warm-up and its longest one (about 200 ms of CPU on
 * a cold JVM), is skipped instead of competing with loading the secrets. Not meant for
 * applications.
 *
 * @author secrets-spring-boot
 * @since 0.1.0
 */
public final class SecretsManagerClientWarmUp {

	private volatile boolean tlsNeeded = true;

	SecretsManagerClientWarmUp() {
	}

	/**
	 * Tells the warm-up the endpoint the application's client will use.
	 * @param endpoint the configured endpoint, {@code null} for the SDK's own (HTTPS)
	 */
	public void endpointKnown(URI endpoint) {
		if (PlainHttpClientBuilder.isPlainHttp(endpoint)) {
			this.tlsNeeded = false;
		}
	}

	boolean tlsNeeded() {
		return this.tlsNeeded;
	}

}
