package io.github.secretsspringboot.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.secretsspringboot.test.emulator.SecretsManagerEmulator;

/**
 * Loads N secrets through {@code spring.config.import} with this starter and with Spring
 * Cloud AWS's {@code aws-secretsmanager:} loader, against the same emulator adding a
 * fixed latency per request, each start in a fresh JVM (first-start costs such as
 * creating the SDK client are part of what users pay). Prints the median of each figure
 * as a Markdown table.
 *
 * <p>
 * Arguments (all optional): {@code --secrets 1,10,100 --forks 5 --latency-ms 20
 * --preload true}. {@code --preload false} starts this starter without its client warm-up
 * ({@code -Daws.secrets.preload=false}), {@code --preload both} measures it with and
 * without. The forks of a cell's loaders run in turn (one start of each, then the next),
 * so that a change in the machine's load weighs on all of them alike.
 */
public final class ConfigImportBenchmark {

	private static final Pattern RESULT = Pattern
		.compile("RESULT loader=(\\S+) secrets=(\\d+) phaseMs=([\\d.]+) loadingMs=([\\d.]+) sdkCalls=(\\d+)");

	private ConfigImportBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = options(args);
		List<Integer> counts = Arrays.stream(options.getOrDefault("secrets", "1,10,100").split(","))
			.map(Integer::parseInt)
			.toList();
		int forks = Integer.parseInt(options.getOrDefault("forks", "5"));
		Duration latency = Duration.ofMillis(Long.parseLong(options.getOrDefault("latency-ms", "20")));
		try (SecretsManagerEmulator emulator = SecretsManagerEmulator.start()) {
			int max = counts.stream().mapToInt(Integer::intValue).max().orElse(1);
			for (int i = 0; i < max; i++) {
				String key = "key-" + i;
				String value = "value-" + i;
				String name = "benchmark/secret-" + i;
				emulator.client()
					.createSecret((request) -> request.name(name).secretString("{\"" + key + "\": \"" + value + "\"}"));
			}
			emulator.control().latency(latency);
			System.out.printf("Config import benchmark: %d forks per cell, %d ms added per request, Java %s%n%n", forks,
					latency.toMillis(), System.getProperty("java.version"));
			System.out.println("| Loader | Secrets | API requests (emulator) | Secret loading, median ms | "
					+ "Config-data phase, median ms |");
			System.out.println("|---|---:|---:|---:|---:|");
			List<Loader> loaders = loaders(options.getOrDefault("preload", "true"));
			for (int count : counts) {
				Map<Loader, List<double[]>> runs = new LinkedHashMap<>();
				Map<Loader, Long> requests = new LinkedHashMap<>();
				for (int fork = 0; fork < forks; fork++) {
					for (Loader loader : loaders) {
						emulator.control().resetCounters();
						runs.computeIfAbsent(loader, (key) -> new ArrayList<>()).add(probe(loader, emulator, count));
						requests.put(loader, emulator.control().totalRequests());
					}
				}
				for (Loader loader : loaders) {
					System.out.printf("| %s | %d | %d | %.0f | %.0f |%n", loader.label, count, requests.get(loader),
							median(runs.get(loader), 1), median(runs.get(loader), 0));
				}
			}
		}
	}

	private static List<Loader> loaders(String preload) {
		return switch (preload) {
			case "true" -> List.of(Loader.SPRING_CLOUD_AWS, Loader.OURS);
			case "false" -> List.of(Loader.SPRING_CLOUD_AWS, Loader.OURS_WITHOUT_WARM_UP);
			case "both" -> List.of(Loader.SPRING_CLOUD_AWS, Loader.OURS, Loader.OURS_WITHOUT_WARM_UP);
			default -> throw new IllegalArgumentException("--preload is true, false or both, not " + preload);
		};
	}

	/** Runs one probe JVM; returns {phase ms, loading ms}. */
	private static double[] probe(Loader loader, SecretsManagerEmulator emulator, int count)
			throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of(javaExecutable(), "-cp", System.getProperty("java.class.path"),
				"-Daws.accessKeyId=benchmark", "-Daws.secretAccessKey=benchmark", "-Daws.region=us-east-1",
				// Both libraries share the probe's classpath: keep this starter's client
				// warm-up from warming the SDK for the other one.
				"-Daws.secrets.preload=" + loader.warmUp, ConfigImportProbe.class.getName(), loader.probeName,
				emulator.endpoint().toString()));
		for (int i = 0; i < count; i++) {
			command.add("benchmark/secret-" + i);
		}
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String result = null;
		StringBuilder output = new StringBuilder();
		try (BufferedReader reader = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = reader.readLine()) != null) {
				output.append(line).append('\n');
				if (line.startsWith("RESULT ")) {
					result = line;
				}
			}
		}
		if (process.waitFor() != 0 || result == null) {
			throw new IllegalStateException("Probe failed:\n" + output);
		}
		Matcher matcher = RESULT.matcher(result);
		if (!matcher.find()) {
			throw new IllegalStateException("Unreadable probe result: " + result);
		}
		return new double[] { Double.parseDouble(matcher.group(3)), Double.parseDouble(matcher.group(4)) };
	}

	private static double median(List<double[]> runs, int index) {
		double[] values = runs.stream().mapToDouble((run) -> run[index]).sorted().toArray();
		int middle = values.length / 2;
		return (values.length % 2 == 1) ? values[middle] : (values[middle - 1] + values[middle]) / 2;
	}

	private static String javaExecutable() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

	private enum Loader {

		SPRING_CLOUD_AWS("spring-cloud-aws", false, "Spring Cloud AWS 4.0 `aws-secretsmanager:`"),

		OURS("ours", true, "secrets-spring-boot `aws-secret:`"),

		OURS_WITHOUT_WARM_UP("ours", false, "secrets-spring-boot `aws-secret:`, `aws.secrets.preload=false`");

		private final String probeName;

		private final boolean warmUp;

		private final String label;

		Loader(String probeName, boolean warmUp, String label) {
			this.probeName = probeName;
			this.warmUp = warmUp;
			this.label = label;
		}

	}

	private static Map<String, String> options(String[] args) {
		Map<String, String> options = new LinkedHashMap<>();
		for (int i = 0; i + 1 < args.length; i += 2) {
			options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
		}
		return options;
	}

}
