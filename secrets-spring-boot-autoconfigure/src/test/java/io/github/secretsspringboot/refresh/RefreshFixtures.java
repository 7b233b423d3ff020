package io.github.secretsspringboot.refresh;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.secretsspringboot.config.SecretPropertySources;
import io.github.secretsspringboot.core.SecretPropertySource;
import io.github.secretsspringboot.core.SecretValue;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import org.springframework.core.env.MutablePropertySources;

/**
 * Builds the refresher's pieces over imports loaded from an emulator, as the refresher
 * builds them over the environment.
 */
final class RefreshFixtures {

	static final Instant NOW = Instant.parse("2026-01-01T10:00:00Z");

	static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

	static final AwsRequestOverrideConfiguration NO_OVERRIDE = AwsRequestOverrideConfiguration.builder().build();

	private final SecretsManagerClient client;

	private final MutablePropertySources propertySources = new MutablePropertySources();

	RefreshFixtures(SecretsManagerClient client) {
		this.client = client;
	}

	MutablePropertySources propertySources() {
		return this.propertySources;
	}

	/** Loads an import into the property sources, as the config data loader does. */
	SecretPropertySource load(String location) {
		SecretPropertySource source = SecretPropertySources.load(this.client, location);
		this.propertySources.addLast(source);
		return source;
	}

	/** Tracks the imports of one secret, loaded from {@code locations}. */
	TrackedSecret track(String... locations) {
		List<TrackedImport> imports = new ArrayList<>();
		for (String location : locations) {
			imports.add(new TrackedImport(load(location), this.propertySources));
		}
		return new TrackedSecret(imports.get(0).secretImport().getSecretId(), imports);
	}

	/** Tracks an import whose property source is given. */
	TrackedSecret track(SecretPropertySource source) {
		this.propertySources.addLast(source);
		TrackedImport tracked = new TrackedImport(source, this.propertySources);
		return new TrackedSecret(tracked.secretImport().getSecretId(), List.of(tracked));
	}

	DescribeCheck describeCheck(ChangePipeline pipeline) {
		return new DescribeCheck(this.client, NO_OVERRIDE, CLOCK, pipeline);
	}

	BatchCheck batchCheck(ChangePipeline pipeline) {
		return new BatchCheck(this.client, NO_OVERRIDE, CLOCK, pipeline);
	}

	CurrentCheck currentCheck(ChangePipeline pipeline) {
		return new CurrentCheck(this.client, NO_OVERRIDE, CLOCK, pipeline);
	}

	/** A reaction that records what it is told and can refuse versions. */
	static final class RecordingReaction implements SecretChangeReaction {

		final List<String> calls;

		private final String name;

		private final String rejection;

		final List<Map<String, Object>> checkedProperties = new CopyOnWriteArrayList<>();

		final List<SecretValue> inForceWhenChecked = new CopyOnWriteArrayList<>();

		RecordingReaction(String name, List<String> calls, String rejection) {
			this.name = name;
			this.calls = calls;
			this.rejection = rejection;
		}

		@Override
		public String rejectionOf(SecretPropertySource inForce, SecretValue version, Map<String, Object> properties) {
			this.calls.add(this.name + " checks " + version.versionId());
			this.checkedProperties.add(properties);
			if (inForce.getVersion() != null) {
				this.inForceWhenChecked.add(inForce.getVersion());
			}
			return this.rejection;
		}

		@Override
		public void secretsChanged(SecretsChangedEvent event) {
			this.calls.add(this.name + " reacts to " + event.getChanges().size() + " change(s)");
		}

	}

}
