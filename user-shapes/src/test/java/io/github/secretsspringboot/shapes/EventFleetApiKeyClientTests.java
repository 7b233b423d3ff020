package io.github.secretsspringboot.shapes;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.github.secretsspringboot.events.SecretEventSource;
import io.github.secretsspringboot.refresh.RefreshCause;
import io.github.secretsspringboot.refresh.SecretsRefresher;
import io.github.secretsspringboot.test.apikey.ApiKeyService;
import io.github.secretsspringboot.test.assertions.SecretAssertions;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A fleet of three applications that call a service continuously with an API key from a
 * secret, with the periodic check once an hour, each getting Secrets Manager's events
 * through its own queue or through the SNS topic. The key is rotated, and the old one is
 * revoked at finishSecret, right after AWSCURRENT moved: until an instance's event
 * arrives, its calls with the old key are rejected. Its client then has the secret
 * refreshed now and retries once with the key then in force, so no call fails. One
 * instance is between two batches of calls during the rotation: only its event can bring
 * it the new key, which it holds before it calls again, so it never meets the old one.
 */
class EventFleetApiKeyClientTests extends ApiKeyFleetTestSupport {

	static final String SECRET = "shapes/fleet/client-api-key";

	static final int THREADS = 2;

	EventFleetApiKeyClientTests() {
		super(SECRET, App.class);
	}

	@Test
	void noCallFailsThroughOwnQueues() {
		startWithOwnQueues("client-fleet");
		rotateUnderLoad();
	}

	@Test
	void noCallFailsThroughTheTopic() {
		startOnTopic("client-fleet");
		rotateUnderLoad();
	}

	private void rotateUnderLoad() {
		List<ServiceClient> clients = this.fleet.stream()
			.map((context) -> context.getBean(ServiceClient.class))
			.toList();
		List<Load> loads = new ArrayList<>(clients.stream().map(Load::new).toList());
		String oldKey = currentKey();
		try {
			await().atMost(WAIT).until(() -> clients.stream().allMatch((client) -> client.succeeded() >= 20));
			// The first instance is between two batches of calls while the key rotates:
			// it can only learn of the new key from its event.
			loads.get(0).close();
			rotate();
			await().atMost(WAIT).until(() -> !Objects.equals(currentKey(), oldKey) && !service.accepts(oldKey));
			String newKey = currentKey();
			await().atMost(WAIT).until(() -> newKey.equals(key(this.fleet.get(0))));
			loads.set(0, new Load(clients.get(0)));
			await().atMost(WAIT).until(() -> this.fleet.stream().allMatch((context) -> newKey.equals(key(context))));
			clients.forEach(ServiceClient::countFromNow);
			await().atMost(WAIT).until(() -> clients.stream().allMatch((client) -> client.succeededSinceCount() >= 20));
			for (int i = 0; i < this.fleet.size(); i++) {
				ConfigurableApplicationContext context = this.fleet.get(i);
				SecretAssertions.assertSameSecret(key(context), newKey, "the key instance " + i + " holds");
				SecretEventSource events = context.getBean(SecretEventSource.class);
				await().atMost(WAIT).until(() -> events.applied() > 0);
			}
		}
		finally {
			loads.forEach(Load::close);
		}
		assertThat(service.ping(oldKey)).as("the old key's answer").isEqualTo(401);
		for (int i = 0; i < clients.size(); i++) {
			ServiceClient client = clients.get(i);
			System.out.println("Instance " + i + ": " + client.succeeded() + " calls succeeded, " + client.retried()
					+ " retried after a rejected key, " + client.failed() + " failed");
			assertThat(client.failed()).as("failed calls of instance %d", i).isZero();
			// A thread meets the revoked key at most once: its retry puts the new key in
			// force for every thread of the instance.
			assertThat(client.retried()).as("retried calls of instance %d", i).isLessThanOrEqualTo(THREADS);
		}
		assertThat(clients.get(0).retried()).as("retried calls of the instance that had the event first").isZero();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

		@Bean
		ServiceClient serviceClient(Environment environment, SecretsRefresher refresher) {
			return new ServiceClient(service, environment, refresher);
		}

	}

	/**
	 * A client of the service as an application writes one: it calls with the key in
	 * force and, when the key is rejected, has the secret refreshed now and retries once
	 * with the key then in force.
	 */
	static final class ServiceClient {

		private final ApiKeyService service;

		private final Environment environment;

		private final SecretsRefresher refresher;

		private final AtomicLong succeeded = new AtomicLong();

		private final AtomicLong retried = new AtomicLong();

		private final AtomicLong failed = new AtomicLong();

		private final AtomicLong succeededSinceCount = new AtomicLong();

		private volatile boolean counting;

		ServiceClient(ApiKeyService service, Environment environment, SecretsRefresher refresher) {
			this.service = service;
			this.environment = environment;
			this.refresher = refresher;
		}

		void call() {
			if (status() != 200) {
				this.failed.incrementAndGet();
				return;
			}
			this.succeeded.incrementAndGet();
			if (this.counting) {
				this.succeededSinceCount.incrementAndGet();
			}
		}

		private int status() {
			try {
				int status = this.service.ping(key());
				if (status == 401) {
					this.retried.incrementAndGet();
					refreshNow();
					status = this.service.ping(key());
				}
				return status;
			}
			catch (RuntimeException ex) {
				return -1;
			}
		}

		private String key() {
			return this.environment.getRequiredProperty("app.api-key");
		}

		/**
		 * A rejected key says the secret was probably rotated. Callers that meet it
		 * together share one check, and a check completed within
		 * {@code forced-refresh-min-spacing} answers for them all, so that a key revoked
		 * for good costs no storm of requests.
		 */
		private void refreshNow() {
			try {
				this.refresher.refresh(SECRET, RefreshCause.CREDENTIALS_REJECTED).get(10, TimeUnit.SECONDS);
			}
			catch (ExecutionException | TimeoutException ex) {
				// The retry tells whether the key in force is any better.
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

		void countFromNow() {
			this.counting = true;
		}

		long succeeded() {
			return this.succeeded.get();
		}

		long succeededSinceCount() {
			return this.succeededSinceCount.get();
		}

		long retried() {
			return this.retried.get();
		}

		long failed() {
			return this.failed.get();
		}

	}

	/** Calls in a loop from a few threads of one instance. */
	static final class Load {

		private final AtomicBoolean running = new AtomicBoolean(true);

		private final List<Thread> threads = new ArrayList<>();

		Load(ServiceClient client) {
			for (int i = 0; i < THREADS; i++) {
				Thread thread = new Thread(() -> {
					while (this.running.get()) {
						client.call();
					}
				}, "client-fleet-call-" + i);
				this.threads.add(thread);
				thread.start();
			}
		}

		void close() {
			this.running.set(false);
			for (Thread thread : this.threads) {
				try {
					thread.join(WAIT.toMillis());
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
		}

	}

}
