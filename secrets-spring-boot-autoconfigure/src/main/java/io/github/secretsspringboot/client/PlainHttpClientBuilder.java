package io.github.secretsspringboot.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;

import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpConfigurationOption;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.utils.AttributeMap;

/**
 * Builds the URL connection HTTP client for an endpoint reached over plain HTTP, such as
 * the emulator or LocalStack in development and tests. The SDK's own builder sets up a
 * TLS context for every client, which on a cold JVM means loading the trust store and the
 * TLS classes: more than a hundred milliseconds of start-up, for nothing when no
 * connection is encrypted. Connections keep the SDK's connect and read timeouts and the
 * JVM's proxy settings.
 *
 * @author secrets-spring-boot
 */
final class PlainHttpClientBuilder implements SdkHttpClient.Builder<PlainHttpClientBuilder> {

	static boolean isPlainHttp(@Nullable URI endpoint) {
		return endpoint != null && "http".equalsIgnoreCase(endpoint.getScheme());
	}

	@Override
	public SdkHttpClient buildWithDefaults(AttributeMap serviceDefaults) {
		AttributeMap options = serviceDefaults.merge(SdkHttpConfigurationOption.GLOBAL_HTTP_DEFAULTS);
		int connectTimeout = millis(options.get(SdkHttpConfigurationOption.CONNECTION_TIMEOUT));
		int readTimeout = millis(options.get(SdkHttpConfigurationOption.READ_TIMEOUT));
		return UrlConnectionHttpClient.create((uri) -> open(uri, connectTimeout, readTimeout));
	}

	private static HttpURLConnection open(URI uri, int connectTimeout, int readTimeout) {
		if (!isPlainHttp(uri)) {
			throw new IllegalStateException("Only plain HTTP is expected here, not " + uri.getScheme());
		}
		try {
			HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
			connection.setConnectTimeout(connectTimeout);
			connection.setReadTimeout(readTimeout);
			return connection;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static int millis(Duration duration) {
		return (int) Math.min(Integer.MAX_VALUE, duration.toMillis());
	}

}
