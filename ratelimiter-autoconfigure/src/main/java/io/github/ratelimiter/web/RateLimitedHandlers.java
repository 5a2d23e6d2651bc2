package io.github.ratelimiter.web;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.github.ratelimiter.core.RateLimitPolicy;
import io.github.ratelimiter.core.RateLimiter;
import io.github.ratelimiter.core.RateLimiterConfigurationException;

import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;
import org.springframework.web.method.HandlerMethod;

/**
 * Finds the {@link RateLimited} policy of each handler method, once per method.
 *
 * <p>
 * The annotation on the method wins over the one on the controller class. The cache has one entry
 * per handler method of the application, so its size is fixed by the code, not by traffic.
 */
public class RateLimitedHandlers {

	private final RateLimiter rateLimiter;

	private final String defaultPolicy;

	private final Map<HandlerKey, Optional<LimitedHandler>> cache = new ConcurrentHashMap<>();

	/**
	 * Creates the lookup.
	 * @param rateLimiter rate limiter whose policies the annotations name
	 * @param defaultPolicy policy of an annotation that names none
	 */
	public RateLimitedHandlers(RateLimiter rateLimiter, String defaultPolicy) {
		this.rateLimiter = rateLimiter;
		this.defaultPolicy = defaultPolicy;
	}

	/**
	 * Returns the policy and cost of a handler method, or {@code null} when it is not rate limited.
	 * @throws RateLimiterConfigurationException when the annotation names an unknown policy or an
	 * invalid cost
	 */
	public LimitedHandler find(HandlerMethod handlerMethod) {
		HandlerKey key = new HandlerKey(handlerMethod.getBeanType(), handlerMethod.getMethod());
		return this.cache.computeIfAbsent(key, this::resolve).orElse(null);
	}

	private Optional<LimitedHandler> resolve(HandlerKey key) {
		RateLimited annotation = AnnotatedElementUtils.findMergedAnnotation(key.method(), RateLimited.class);
		if (annotation == null) {
			annotation = AnnotatedElementUtils.findMergedAnnotation(key.beanType(), RateLimited.class);
		}
		if (annotation == null) {
			return Optional.empty();
		}
		String handler = ClassUtils.getShortName(key.beanType()) + "." + key.method().getName() + "()";
		RateLimitPolicy policy = findPolicy(annotation, handler);
		validateCost(annotation.cost(), policy, handler);
		return Optional.of(new LimitedHandler(policy, annotation.cost()));
	}

	private RateLimitPolicy findPolicy(RateLimited annotation, String handler) {
		String name = annotation.value().isEmpty() ? this.defaultPolicy : annotation.value();
		RateLimitPolicy policy = this.rateLimiter.findPolicy(name);
		if (policy != null) {
			return policy;
		}
		String source = annotation.value().isEmpty() ? "ratelimiter.default-policy, used by @RateLimited on " + handler
				+ ", is '" + name + "'" : "@RateLimited(\"" + name + "\") on " + handler + " names policy '" + name + "'";
		throw new RateLimiterConfigurationException(
				source + ", which is not configured. Configured policies: " + this.rateLimiter.getPolicies().keySet(),
				"Add ratelimiter.policies." + name + ".limit and ratelimiter.policies." + name
						+ ".window to your application configuration, or name a configured policy.");
	}

	private static void validateCost(int cost, RateLimitPolicy policy, String handler) {
		if (cost < 1) {
			throw new RateLimiterConfigurationException(
					"@RateLimited on " + handler + " has cost " + cost + "; the cost must be at least 1.",
					"Set cost to 1 or more on @RateLimited of " + handler + ".");
		}
		long smallestLimit = policy.clientLimits()
			.values()
			.stream()
			.mapToLong(limit -> limit.limit())
			.reduce(policy.limit().limit(), Math::min);
		if (cost > smallestLimit) {
			throw new RateLimiterConfigurationException("@RateLimited on " + handler + " has cost " + cost
					+ ", above the limit " + smallestLimit + " of policy '" + policy.name()
					+ "' (or one of its client overrides), so no request could ever be admitted.",
					"Lower the cost on " + handler + " or raise the limits of ratelimiter.policies." + policy.name() + ".");
		}
	}

	/**
	 * Policy and cost of a rate-limited handler method.
	 *
	 * @param policy the policy that limits the handler
	 * @param cost units one request takes
	 */
	public record LimitedHandler(RateLimitPolicy policy, int cost) {
	}

	private record HandlerKey(Class<?> beanType, Method method) {
	}

}
