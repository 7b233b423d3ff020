package io.github.secretsspringboot.test.emulator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
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

	/**
	 * The reference leaves the default page size open; the largest allowed one is used.
	 */
	static final int DEFAULT_MAX_RESULTS = 100;

	@Override
	public ObjectNode invoke(Request request, OperationContext context) {
		boolean includePlannedDeletion = request.bool("IncludePlannedDeletion", false);
		Long maxResults = request.number("MaxResults", 1, 100);
		String nextToken = Paging.nextToken(request);
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
		Paging.Page<StoredSecret> page = Paging.page(secrets, (maxResults != null) ? maxResults.intValue() : null,
				nextToken, DEFAULT_MAX_RESULTS, "ListSecrets");
		ObjectNode response = context.newObject();
		ArrayNode list = response.putArray("SecretList");
		page.items().forEach((secret) -> SecretDescriptions.secretListEntry(list.addObject(), secret));
		page.writeNextToken(response);
		return response;
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
					Arrays.stream(values())
						.map((sortBy) -> sortBy.apiName)
						.collect(Collectors.joining(", ", "[", "]")));
		}

		/**
		 * Sorts stably, so that secrets created in the same millisecond keep their
		 * creation order; descending is the exact reverse of ascending. Never-accessed
		 * secrets come first in ascending order.
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
