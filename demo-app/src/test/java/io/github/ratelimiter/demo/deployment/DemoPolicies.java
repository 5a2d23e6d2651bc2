package io.github.ratelimiter.demo.deployment;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.github.ratelimiter.core.RateLimit;
import io.github.ratelimiter.core.RateLimitPolicy;
import io.github.ratelimiter.demo.DemoController;
import io.github.ratelimiter.web.RateLimited;

import org.springframework.core.annotation.AnnotatedElementUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks policies against the {@link RateLimited} endpoints of {@link DemoController}, as the starter
 * does when the application starts.
 */
final class DemoPolicies {

	private DemoPolicies() {
	}

	/**
	 * Asserts that every policy that a demo endpoint names is configured, with a limit that its cost
	 * fits in.
	 */
	static void assertCoverDemoEndpoints(List<RateLimitPolicy> policies, String deployment) {
		Map<String, RateLimitPolicy> byName = policies.stream()
			.collect(Collectors.toMap(RateLimitPolicy::name, Function.identity()));
		int limitedEndpoints = 0;
		for (Method method : DemoController.class.getDeclaredMethods()) {
			RateLimited annotation = AnnotatedElementUtils.findMergedAnnotation(method, RateLimited.class);
			if (annotation == null) {
				continue;
			}
			limitedEndpoints++;
			String endpoint = "DemoController." + method.getName() + " in " + deployment;
			assertThat(annotation.value()).as("policy named by " + endpoint).isNotEmpty();
			assertThat(byName).as("policies of " + deployment).containsKey(annotation.value());
			RateLimitPolicy policy = byName.get(annotation.value());
			long smallestLimit = policy.clientLimits()
				.values()
				.stream()
				.mapToLong(RateLimit::limit)
				.reduce(policy.limit().limit(), Math::min);
			assertThat((long) annotation.cost()).as("cost of " + endpoint).isLessThanOrEqualTo(smallestLimit);
		}
		assertThat(limitedEndpoints).as("rate-limited endpoints of DemoController").isPositive();
	}

}
