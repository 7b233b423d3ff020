package io.github.secretsspringboot.benchmarks;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Registered as a global SDK interceptor, so it sees every client of the probe process
 * whichever library built it: counts API calls and the span from the first call's start
 * to the last call's end, which is the time spent loading secrets.
 */
public final class SdkCallRecorder implements ExecutionInterceptor {

	private static final AtomicInteger calls = new AtomicInteger();

	private static final AtomicLong firstStart = new AtomicLong(Long.MAX_VALUE);

	private static final AtomicLong lastEnd = new AtomicLong(Long.MIN_VALUE);

	/**
	 * The secret id of the starter's warm-up requests, which are answered in memory.
	 */
	private static final String WARM_UP_SECRET_ID = "secrets-spring-boot-preload";

	@Override
	public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
		if (!isPreload(context.request())) {
			firstStart.accumulateAndGet(System.nanoTime(), Math::min);
		}
	}

	@Override
	public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
		if (!isPreload(context.request())) {
			ended();
		}
	}

	@Override
	public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
		if (!isPreload(context.request())) {
			ended();
		}
	}

	/**
	 * The starter's warm-up is answered in memory; it is not a secret request.
	 */
	private static boolean isPreload(SdkRequest request) {
		return request.toString().contains(WARM_UP_SECRET_ID);
	}

	private static void ended() {
		calls.incrementAndGet();
		lastEnd.accumulateAndGet(System.nanoTime(), Math::max);
	}

	static int calls() {
		return calls.get();
	}

	/** Milliseconds from the first call's start to the last call's end. */
	static double loadingMillis() {
		return (calls.get() == 0) ? 0 : (lastEnd.get() - firstStart.get()) / 1_000_000.0;
	}

}
