package io.github.secretsspringboot.test.emulator;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * ListSecrets: the metadata of the account's secrets, filtered, sorted and paged. Secrets
 * scheduled for deletion are listed only on request, and no value is ever listed.
 */
final class ListSecretsOperation implements Operation {

	/** The reference leaves the default page size open; the largest allowed one is used. */
	static final int DEFAULT_MAX_RESULTS = 100;

	private static final String TOKEN_PREFIX = "secrets-page:";

	@Override
	public ObjectNode invoke(Request request, OperationContext context) {
		boolean includePlannedDeletion = request.bool("IncludePlannedDeletion", false);
		Long maxResults = request.number("MaxResults", 1, 100);
		String nextToken = nextToken(request);
		SecretFilters filters = SecretFilters.read(request);
		SortBy sortBy = SortBy.read(request);
		boolean descending = descending(request);
		List<StoredSecret> secrets = new ArrayList<>();
		for (StoredSecret secret : context.store().all()) {
			if ((includePlannedDeletion || !secret.isScheduledForDeletion()) && filters.matches(secret)) {
				secrets.add(secret);
			}
		}
		sortBy.sort(secrets, descending);
		Page<StoredSecret> page = page(secrets, nextToken, (maxResults != null) ? maxResults.intValue()
				: DEFAULT_MAX_RESULTS);
		ObjectNode response = context.newObject();
		ArrayNode list = response.putArray("SecretList");
		page.items().forEach((secret) -> SecretListEntries.write(list.addObject(), secret));
		if (page.nextToken() != null) {
			response.put("NextToken", page.nextToken());
		}
		return response;
	}

	/** {@code NextToken}, 1 to 4096 characters, as ListSecrets and BatchGetSecretValue take it. */
	static String nextToken(Request request) {
		return request.string("NextToken", 1, 4096);
	}

	/**
	 * One page of {@code items}, from where {@code nextToken} left off. The token is opaque to
	 * clients; one the emulator did not issue is an {@code InvalidNextTokenException}.
	 */
	static <T> Page<T> page(List<T> items, String nextToken, int pageSize) {
		int start = (nextToken != null) ? decode(nextToken) : 0;
		if (start >= items.size()) {
			return new Page<>(List.of(), null);
		}
		int end = Math.min(items.size(), start + pageSize);
		return new Page<>(List.copyOf(items.subList(start, end)), (end < items.size()) ? encode(end) : null);
	}

	private static String encode(int offset) {
		return Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString((TOKEN_PREFIX + offset).getBytes(StandardCharsets.UTF_8));
	}

	private static int decode(String token) {
		try {
			String decoded = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
			if (decoded.startsWith(TOKEN_PREFIX)) {
				int offset = Integer.parseInt(decoded.substring(TOKEN_PREFIX.length()));
				if (offset > 0) {
					return offset;
				}
			}
		}
		catch (IllegalArgumentException ex) {
			// Not Base64 or not a number: not a token the emulator issued.
		}
		throw SecretsManagerErrors.invalidNextToken();
	}

	private static boolean descending(Request request) {
		String sortOrder = request.string("SortOrder");
		if (sortOrder == null || sortOrder.equals("asc")) {
			return false;
		}
		if (sortOrder.equals("desc")) {
			return true;
		}
		throw enumViolation(sortOrder, "sortOrder", "[asc, desc]");
	}

	private static EmulatorServiceException enumViolation(String value, String member, String allowed) {
		return SecretsManagerErrors.validation("1 validation error detected: Value '" + value + "' at '" + member
				+ "' failed to satisfy constraint: Member must satisfy enum value set: " + allowed);
	}

	/** A page of results and the token for the next one, {@code null} on the last page. */
	record Page<T>(List<T> items, String nextToken) {
	}

	/** {@code SortBy}: what secrets are ordered by, creation date unless given. */
	private enum SortBy {

		CREATED_DATE("created-date", StoredSecret::createdDate),

		LAST_ACCESSED_DATE("last-accessed-date", StoredSecret::lastAccessedDate),

		LAST_CHANGED_DATE("last-changed-date", StoredSecret::lastChangedDate),

		NAME("name", null);

		private final String apiName;

		private final Function<StoredSecret, Instant> date;

		SortBy(String apiName, Function<StoredSecret, Instant> date) {
			this.apiName = apiName;
			this.date = date;
		}

		static SortBy read(Request request) {
			String value = request.string("SortBy");
			if (value == null) {
				return CREATED_DATE;
			}
			for (SortBy sortBy : values()) {
				if (sortBy.apiName.equals(value)) {
					return sortBy;
				}
			}
			throw enumViolation(value, "sortBy",
					Arrays.stream(values()).map((sortBy) -> sortBy.apiName).collect(Collectors.joining(", ", "[", "]")));
		}

		/**
		 * Sorts stably, so that secrets created in the same millisecond keep their creation
		 * order; descending is the exact reverse of ascending. Never-accessed secrets come first
		 * in ascending order.
		 */
		void sort(List<StoredSecret> secrets, boolean descending) {
			Comparator<StoredSecret> order = (this.date != null)
					? Comparator.comparing(this.date, Comparator.nullsFirst(Comparator.naturalOrder()))
					: Comparator.comparing(StoredSecret::name);
			secrets.sort(order);
			if (descending) {
				Collections.reverse(secrets);
			}
		}

	}

}
