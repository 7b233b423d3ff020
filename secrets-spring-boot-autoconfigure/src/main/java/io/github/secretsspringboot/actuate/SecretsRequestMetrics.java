package io.github.secretsspringboot.actuate;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.secretsspringboot.client.SecretsManagerRequestObserver;
import io.github.secretsspringboot.client.SecretsManagerRequestObserver.CompletedRequest;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;

/**
 * Times the Secrets Manager API calls of the application's client as
 * {@code aws.secrets.requests}, tagged by operation, outcome and error code, those made
 * while loading secrets at startup included.
 *
 * @author secrets-spring-boot
 */
final class SecretsRequestMetrics
		implements SecretsMetricsBinder, SecretsManagerRequestObserver.Listener, DisposableBean {

	static final String REQUESTS = PREFIX + ".requests";

	private final @Nullable SecretsManagerRequestObserver observer;

	private final List<MeterRegistry> registries = new CopyOnWriteArrayList<>();

	/**
	 * @param observer the observer of the application's client, or {@code null} when it
	 * has none (a client supplied through the {@code BootstrapRegistry}): its calls go
	 * untimed
	 */
	SecretsRequestMetrics(@Nullable SecretsManagerRequestObserver observer) {
		this.observer = observer;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		this.registries.add(registry);
		if (this.observer != null && this.registries.size() == 1) {
			this.observer.setListener(this);
		}
	}

	@Override
	public void requestCompleted(CompletedRequest request) {
		for (MeterRegistry registry : this.registries) {
			Timer.builder(REQUESTS)
				.description("Secrets Manager API calls, retries included")
				.tag("operation", request.operation())
				.tag(OUTCOME_TAG, request.outcome().name())
				.tag(ERROR_TAG, (request.error() != null) ? request.error() : NONE)
				.register(registry)
				.record(request.duration());
		}
	}

	@Override
	public void destroy() {
		if (this.observer != null) {
			this.observer.setListener(null);
		}
		this.registries.clear();
	}

}
