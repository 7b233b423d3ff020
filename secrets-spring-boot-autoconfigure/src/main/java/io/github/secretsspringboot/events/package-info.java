/**
 * Event-driven refresh: Secrets Manager's EventBridge and CloudTrail events, read from an
 * SQS queue the application names or from its own queue subscribed to an SNS topic,
 * refresh exactly the imports they concern; the periodic check remains the safety net.
 */
@NullMarked
package io.github.secretsspringboot.events;

import org.jspecify.annotations.NullMarked;
