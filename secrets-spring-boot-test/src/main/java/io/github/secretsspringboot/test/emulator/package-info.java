/**
 * An AWS Secrets Manager emulator speaking AWS JSON 1.1 over loopback, for the real AWS
 * SDK: secrets, versions and labels, rotation with Lambda-like rotation functions, and
 * injected faults through a control API.
 */
@NullMarked
package io.github.secretsspringboot.test.emulator;

import org.jspecify.annotations.NullMarked;
