package io.github.secretsspringboot.test.emulator;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * In-memory secrets of one region and account. Every read and write happens inside
 * {@link #locked(Supplier)}, which makes each API operation atomic, as it is in Secrets
 * Manager.
 */
final class SecretStore {

	private static final String SUFFIX_ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

	private final ReentrantLock lock = new ReentrantLock();

	private final Map<String, StoredSecret> secretsByName = new LinkedHashMap<>();

	private final SecureRandom random = new SecureRandom();

	private final String region;

	private final String accountId;

	private final EmulatorClock clock;

	SecretStore(String region, String accountId, EmulatorClock clock) {
		this.region = region;
		this.accountId = accountId;
		this.clock = clock;
	}

	<T> T locked(Supplier<T> action) {
		this.lock.lock();
		try {
			purgeExpiredDeletions();
			return action.get();
		}
		finally {
			this.lock.unlock();
		}
	}

	String region() {
		return this.region;
	}

	String accountId() {
		return this.accountId;
	}

	Instant now() {
		return this.clock.instant();
	}

	/**
	 * Creates a secret whose ARN ends in a hyphen and six random characters, as in AWS.
	 */
	StoredSecret create(String name) {
		StoredSecret secret = new StoredSecret(name, arnFor(name), now());
		this.secretsByName.put(name, secret);
		return secret;
	}

	void remove(StoredSecret secret) {
		this.secretsByName.remove(secret.name());
	}

	Optional<StoredSecret> byName(String name) {
		return Optional.ofNullable(this.secretsByName.get(name));
	}

	/**
	 * Finds a secret by name, full ARN or partial ARN (an ARN without the six random
	 * characters and their hyphen), as {@code SecretId} is documented.
	 */
	Optional<StoredSecret> find(String secretId) {
		if (!secretId.startsWith("arn:")) {
			return byName(secretId);
		}
		for (StoredSecret secret : this.secretsByName.values()) {
			String arn = secret.arn();
			if (arn.equals(secretId) || arn.substring(0, arn.length() - 7).equals(secretId)) {
				return Optional.of(secret);
			}
		}
		return Optional.empty();
	}

	/** All secrets in creation order. */
	List<StoredSecret> all() {
		return new ArrayList<>(this.secretsByName.values());
	}

	void clear() {
		this.secretsByName.clear();
	}

	private String arnFor(String name) {
		StringBuilder suffix = new StringBuilder(6);
		for (int i = 0; i < 6; i++) {
			suffix.append(SUFFIX_ALPHABET.charAt(this.random.nextInt(SUFFIX_ALPHABET.length())));
		}
		return "arn:aws:secretsmanager:" + this.region + ":" + this.accountId + ":secret:" + name + "-" + suffix;
	}

	/** A secret whose recovery window has ended is gone for good. */
	private void purgeExpiredDeletions() {
		Instant now = now();
		this.secretsByName.values()
			.removeIf((secret) -> secret.isScheduledForDeletion() && !secret.deletionDate().isAfter(now));
	}

}
