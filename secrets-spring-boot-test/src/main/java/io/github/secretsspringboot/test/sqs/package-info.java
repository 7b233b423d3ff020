/**
 * A real SQS implementation (ElasticMQ) run in-process on loopback, for event-driven
 * refresh tests and the sample application's embedded default.
 */
@NullMarked
package io.github.secretsspringboot.test.sqs;

import org.jspecify.annotations.NullMarked;
