package io.github.secretsspringboot.test.emulator;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * The command line of {@link EmulatorMain}. Options take their value as the next argument
 * or after {@code =}; a bad command line is an {@link IllegalArgumentException} whose
 * message says what is wrong.
 */
record EmulatorOptions(int port, Path seed, String region, String accountId, List<String> eventQueues,
		List<String> eventTopics, @Nullable URI sqsEndpoint, boolean help) {

	static final int DEFAULT_PORT = 4566;

	private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d+");

	private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");

	static String usage() {
		return """
				Usage: java -jar secrets-spring-boot-test-<version>-emulator.jar [options]

				Runs an AWS Secrets Manager emulator on 127.0.0.1 until the process is stopped.

				Options:
				  --port <port>        TCP port, 0 for any free one (default 4566)
				  --seed <file>        JSON seed document whose secrets are created at startup
				  --region <region>    Region in ARNs (default us-east-1)
				  --account <id>       12-digit account id in ARNs (default 123456789012)
				  --event-queue <url>  SQS queue URL the Secrets Manager events are sent to, as an
				                       EventBridge rule would; repeatable
				  --event-topic <name> SNS topic, created on the emulator, the Secrets Manager events
				                       are published to, as an EventBridge rule would; repeatable
				  --sqs-endpoint <url> SQS endpoint (such as ElasticMQ's http://127.0.0.1:9324) that
				                       the emulator's SNS topics deliver to the queues subscribed
				  --help               Prints this help

				Seed document:
				  {"secrets": [{"name": "prod/app/db", "secretString": "{...}", "description": "...",
				                "tags": {"team": "payments"}},
				               {"name": "prod/app/keystore", "secretBinaryBase64": "AAEC"}]}

				Rotation: RotateSecret invokes the built-in functions
				  arn:aws:lambda:<region>:<account>:function:emulator-rotate-password
				  arn:aws:lambda:<region>:<account>:function:emulator-rotate-api-key
				  arn:aws:lambda:<region>:<account>:function:emulator-rotation-fails
				described in the module README.

				Control API: GET http://127.0.0.1:<port>/_emulator/health and the other
				/_emulator/ endpoints described in the module README.""";
	}

	static EmulatorOptions parse(String... args) {
		int port = DEFAULT_PORT;
		Path seed = null;
		String region = "us-east-1";
		String accountId = "123456789012";
		List<String> eventQueues = new ArrayList<>();
		List<String> eventTopics = new ArrayList<>();
		URI sqsEndpoint = null;
		boolean help = false;
		for (int i = 0; i < args.length; i++) {
			String argument = args[i];
			String name = argument;
			String value = null;
			int equals = argument.indexOf('=');
			if (argument.startsWith("--") && equals > 0) {
				name = argument.substring(0, equals);
				value = argument.substring(equals + 1);
			}
			switch (name) {
				case "--help", "-h" -> help = true;
				case "--port", "--seed", "--region", "--account", "--event-queue", "--event-topic",
						"--sqs-endpoint" -> {
					if (value == null) {
						if (i + 1 == args.length) {
							throw new IllegalArgumentException("Option " + name + " needs a value");
						}
						value = args[++i];
					}
					switch (name) {
						case "--port" -> port = port(value);
						case "--seed" -> seed = Path.of(value);
						case "--event-queue" -> eventQueues.add(value);
						case "--event-topic" -> eventTopics.add(value);
						case "--sqs-endpoint" -> sqsEndpoint = endpoint(value, "--sqs-endpoint");
						case "--region" -> region = matching(value, REGION, "--region", "a region such as eu-west-1");
						default -> accountId = matching(value, ACCOUNT, "--account", "a 12-digit account id");
					}
				}
				default -> throw new IllegalArgumentException("Unknown option " + argument);
			}
		}
		return new EmulatorOptions(port, seed, region, accountId, List.copyOf(eventQueues), List.copyOf(eventTopics),
				sqsEndpoint, help);
	}

	private static int port(String value) {
		try {
			int port = Integer.parseInt(value);
			if (port >= 0 && port <= 65_535) {
				return port;
			}
		}
		catch (NumberFormatException ex) {
			// Answered below.
		}
		throw new IllegalArgumentException("--port must be a number from 0 to 65535, was " + value);
	}

	/**
	 * An SQS endpoint: an http or https URL with a host.
	 * @param value the URL
	 * @param what what names it in a message
	 * @return the endpoint
	 * @throws IllegalArgumentException if it is none
	 */
	static URI endpoint(String value, String what) {
		try {
			URI uri = new URI(value);
			String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
			if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
				return uri;
			}
		}
		catch (URISyntaxException ex) {
			// Answered below.
		}
		throw new IllegalArgumentException(
				what + " must be an http or https URL such as http://127.0.0.1:9324, was " + value);
	}

	private static String matching(String value, Pattern pattern, String option, String expected) {
		if (!pattern.matcher(value).matches()) {
			throw new IllegalArgumentException(option + " must be " + expected + ", was " + value);
		}
		return value;
	}

}
