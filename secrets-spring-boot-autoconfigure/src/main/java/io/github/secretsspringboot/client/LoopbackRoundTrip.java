package io.github.secretsspringboot.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.utils.AttributeMap;

/**
 * Sends one request, through the same SDK HTTP client that the application's client uses
 * for a plain-HTTP endpoint, to a throwaway server on the loopback interface that answers
 * it as Secrets Manager would. Whatever the JDK's HTTP connection needs to send a request
 * and read a kept-alive response is loaded by doing it, through public API only, so that
 * nothing here names a class of the JDK's or of the SDK's implementation and a JDK or SDK
 * upgrade cannot make it stale. The server accepts one connection, from this process, and
 * is closed once it has answered.
 *
 * @author secrets-spring-boot
 */
final class LoopbackRoundTrip {

	private static final int TIMEOUT_MILLIS = (int) Duration.ofSeconds(10).toMillis();

	private static final String REQUEST_BODY = "{\"SecretId\":\"" + CannedSecretsManager.SECRET_ID + "\"}";

	private LoopbackRoundTrip() {
	}

	/**
	 * Runs the round trip.
	 * @return whether the canned answer came back whole
	 * @throws IOException if the loopback server cannot be opened
	 */
	static boolean run() throws IOException {
		try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			server.setSoTimeout(TIMEOUT_MILLIS);
			Thread answering = new Thread(() -> answerOne(server), "aws-secrets-preload-loopback");
			answering.setDaemon(true);
			answering.start();
			URI endpoint = URI.create(
					"http://" + InetAddress.getLoopbackAddress().getHostAddress() + ":" + server.getLocalPort() + "/");
			try (SdkHttpClient http = new PlainHttpClientBuilder().buildWithDefaults(AttributeMap.empty())) {
				return CannedSecretsManager.SECRET.equals(send(http, endpoint));
			}
		}
	}

	private static @Nullable String send(SdkHttpClient http, URI endpoint) throws IOException {
		byte[] body = REQUEST_BODY.getBytes(StandardCharsets.UTF_8);
		SdkHttpFullRequest request = SdkHttpFullRequest.builder()
			.method(SdkHttpMethod.POST)
			.uri(endpoint)
			.putHeader("Content-Type", "application/x-amz-json-1.1")
			.putHeader("X-Amz-Target", "secretsmanager.GetSecretValue")
			.putHeader("Content-Length", Integer.toString(body.length))
			.build();
		HttpExecuteResponse response = http
			.prepareRequest(HttpExecuteRequest.builder()
				.request(request)
				.contentStreamProvider(ContentStreamProvider.fromByteArray(body))
				.build())
			.call();
		if (response.responseBody().isEmpty()) {
			return null;
		}
		try (AbortableInputStream in = response.responseBody().get()) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

	/**
	 * Answers one request with the canned secret, keeping the connection alive as Secrets
	 * Manager does, then closes it.
	 */
	private static void answerOne(ServerSocket server) {
		try (Socket socket = server.accept()) {
			socket.setSoTimeout(TIMEOUT_MILLIS);
			InputStream in = socket.getInputStream();
			readBody(in, contentLength(readHead(in)));
			byte[] body = CannedSecretsManager.SECRET.getBytes(StandardCharsets.UTF_8);
			String head = "HTTP/1.1 200 OK\r\nContent-Type: application/x-amz-json-1.1\r\n"
					+ "x-amzn-RequestId: preload\r\nContent-Length: " + body.length + "\r\n\r\n";
			OutputStream out = socket.getOutputStream();
			out.write(head.getBytes(StandardCharsets.US_ASCII));
			out.write(body);
			out.flush();
		}
		catch (IOException | RuntimeException ex) {
			// The client side then fails and reports that the round trip did not run.
		}
	}

	private static String readHead(InputStream in) throws IOException {
		ByteArrayOutputStream head = new ByteArrayOutputStream();
		int matched = 0;
		byte[] end = { '\r', '\n', '\r', '\n' };
		while (matched < end.length) {
			int next = in.read();
			if (next < 0) {
				throw new IOException("The request ended before its headers did");
			}
			head.write(next);
			matched = (next == end[matched]) ? matched + 1 : ((next == '\r') ? 1 : 0);
		}
		return head.toString(StandardCharsets.US_ASCII);
	}

	private static int contentLength(String head) {
		for (String line : head.split("\r\n")) {
			if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
				return Integer.parseInt(line.substring("content-length:".length()).trim());
			}
		}
		return 0;
	}

	private static void readBody(InputStream in, int length) throws IOException {
		if (in.readNBytes(length).length != length) {
			throw new IOException("The request ended before its body did");
		}
	}

}
