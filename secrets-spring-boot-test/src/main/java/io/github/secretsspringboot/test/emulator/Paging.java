package io.github.secretsspringboot.test.emulator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import tools.jackson.databind.node.ObjectNode;

/**
 * {@code MaxResults}/{@code NextToken} paging over a list in a stable order, shared by
 * the list operations.
 * <p>
 * Tokens are opaque to clients, as in AWS: they carry the offset of the next item and a
 * digest of the request's scope (the operation, the secret, the list options) so that a
 * token is only accepted by the kind of request that issued it. Anything else is an
 * {@code InvalidNextTokenException}.
 */
final class Paging {

	private static final String VERSION = "v1";

	private Paging() {
	}

	/** {@code NextToken}, 1 to 4096 characters, as every list operation takes it. */
	static String nextToken(Request request) {
		return request.string("NextToken", 1, 4096);
	}

	/**
	 * The page that {@code nextToken} (or, without one, the first page) designates.
	 * @param items every item, in the order pages walk through them
	 * @param maxResults the requested page size, or {@code null} for
	 * {@code defaultPageSize}
	 * @param nextToken the token of a previous page, or {@code null} for the first page
	 * @param defaultPageSize the page size when the request names none
	 * @param scope what the request lists, such as a secret's ARN and its list options
	 */
	static <T> Page<T> page(List<T> items, Integer maxResults, String nextToken, int defaultPageSize, String scope) {
		int offset = (nextToken != null) ? offsetOf(nextToken, scope) : 0;
		int pageSize = (maxResults != null) ? maxResults : defaultPageSize;
		int from = Math.min(offset, items.size());
		int to = (int) Math.min((long) from + pageSize, items.size());
		String next = (to < items.size()) ? tokenFor(to, scope) : null;
		return new Page<>(List.copyOf(items.subList(from, to)), next);
	}

	private static String tokenFor(int offset, String scope) {
		String token = VERSION + ":" + offset + ":" + digest(scope);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(token.getBytes(StandardCharsets.UTF_8));
	}

	private static int offsetOf(String nextToken, String scope) {
		try {
			String[] parts = new String(Base64.getUrlDecoder().decode(nextToken), StandardCharsets.UTF_8).split(":");
			if (parts.length != 3 || !VERSION.equals(parts[0]) || !digest(scope).equals(parts[2])) {
				throw SecretsManagerErrors.invalidNextToken();
			}
			int offset = Integer.parseInt(parts[1]);
			if (offset < 0) {
				throw SecretsManagerErrors.invalidNextToken();
			}
			return offset;
		}
		catch (IllegalArgumentException ex) {
			throw SecretsManagerErrors.invalidNextToken();
		}
	}

	private static String digest(String scope) {
		try {
			byte[] hash = MessageDigest.getInstance("SHA-256").digest(scope.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(hash, 0, 8);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is a required algorithm of every Java platform", ex);
		}
	}

	/**
	 * One page of items and the token of the next page, {@code null} on the last page.
	 */
	record Page<T>(List<T> items, String nextToken) {

		/** Adds {@code NextToken} to a response, unless this is the last page. */
		void writeNextToken(ObjectNode response) {
			if (this.nextToken != null) {
				response.put("NextToken", this.nextToken);
			}
		}

	}

}
