package io.github.secretsspringboot.sample;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;

import org.springframework.stereotype.Component;

/**
 * Stands in for a payment provider's client. It signs each charge with the current API
 * key, read from {@link PaymentProperties} at each call so that a rotated key takes
 * effect at once; the receipt names the key by a short fingerprint, never by its value.
 */
@Component
class PaymentGateway {

	private final PaymentProperties properties;

	PaymentGateway(PaymentProperties properties) {
		this.properties = properties;
	}

	Receipt charge(Order order) {
		String apiKey = this.properties.getApiKey();
		if (apiKey == null || apiKey.isBlank()) {
			throw new IllegalStateException("payments.api-key is not set");
		}
		return new Receipt(UUID.randomUUID().toString(), order.id(), fingerprint(apiKey));
	}

	/**
	 * The first 12 hex digits of the key's SHA-256: tells keys apart without revealing
	 * them.
	 */
	static String fingerprint(String apiKey) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(apiKey.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest).substring(0, 12);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A charge's receipt.
	 *
	 * @param chargeId the provider's id of the charge
	 * @param orderId the order charged
	 * @param keyFingerprint which API key signed it
	 */
	record Receipt(String chargeId, long orderId, String keyFingerprint) {
	}

}
