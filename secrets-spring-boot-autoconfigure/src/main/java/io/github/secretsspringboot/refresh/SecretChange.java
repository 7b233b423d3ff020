package io.github.secretsspringboot.refresh;

import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

import org.jspecify.annotations.Nullable;

/**
 * One imported secret that now holds another version. Names and version ids only, never a
 * value.
 *
 * @param secretId the secret as named in the import
 * @param arn the secret's ARN
 * @param source the name of the property source of the import, which stays the same
 * @param previousVersionId the version id the properties came from until now,
 * {@code null} when an optional import is loaded for the first time
 * @param versionId the version id they come from now
 * @param propertyNames the names of the properties that were added, removed or got
 * another value; empty when the new version holds the same content
 * @author secrets-spring-boot
 * @since 0.1.0
 */
public record SecretChange(String secretId, String arn, String source, @Nullable String previousVersionId,
		String versionId, Set<String> propertyNames) {

	public SecretChange {
		propertyNames = Collections.unmodifiableSet(new TreeSet<>(propertyNames));
	}

}
