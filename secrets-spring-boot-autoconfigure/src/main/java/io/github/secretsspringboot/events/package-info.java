/**
 * Event-driven refresh: Secrets Manager's EventBridge events ({@code Secret Label
 * Updated}, and CloudTrail API calls), delivered through Amazon SQS, refresh exactly the
 * affected imports at once; the periodic check goes on as a safety net.
 */
@NullMarked
package io.github.secretsspringboot.events;

import org.jspecify.annotations.NullMarked;
